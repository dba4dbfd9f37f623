package dev.imagemoderation.core.review;

import dev.imagemoderation.core.slack.SlackInteraction;
import java.time.Clock;
import java.util.Objects;
import java.util.regex.Pattern;

/** Which clicks become review requests: a known button of a report, with the moderation it names. */
public final class ClickTriage {

    /** What ingest does with one verified interaction. */
    public sealed interface Decision {
        record Queue(ReviewRequest request) implements Decision {}

        /** Acknowledged and not acted on; {@code why} is logged. */
        record Ignore(String why) implements Decision {}
    }

    /** A moderation execution's name, as the report's buttons carry it. */
    private static final Pattern EXECUTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    private final Clock clock;

    public ClickTriage(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Decision triage(SlackInteraction interaction) {
        return switch (interaction) {
            case SlackInteraction.Unsupported u ->
                new Decision.Ignore("interaction type " + u.type() + " is not handled");
            case SlackInteraction.ButtonClick c -> click(c);
        };
    }

    private Decision click(SlackInteraction.ButtonClick c) {
        var action = ReviewAction.byActionId(c.actionId());
        if (action.isEmpty()) {
            return new Decision.Ignore("button " + c.actionId() + " is not one of the bot's");
        }
        if (c.value() == null || !EXECUTION_NAME.matcher(c.value()).matches()) {
            return new Decision.Ignore("button " + c.actionId() + " names no moderation execution");
        }
        if (c.messageTs() == null || c.channelId() == null) {
            return new Decision.Ignore("the click came from no message");
        }
        return new Decision.Queue(new ReviewRequest(
                ReviewRequest.SCHEMA_VERSION,
                ReviewRequest.KIND,
                c.teamId(),
                action.get(),
                c.value(),
                c.userId(),
                c.userName(),
                c.channelId(),
                c.messageTs(),
                c.responseUrl(),
                c.actionTs(),
                clock.instant(),
                ReviewRequest.VIA_SLACK));
    }
}

package dev.imagemoderation.core.review;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.imagemoderation.core.workflow.ExecutionName;
import java.time.Instant;
import java.util.Objects;

/**
 * A moderator's click on a report, as the queue carries it and as the review workflow's
 * execution input: who did what to which moderation. A wire contract, like
 * {@code ModerationRequest}: add fields, never rename them.
 *
 * @param kind always {@link #KIND}: how the dispatcher tells it from a moderation request on the shared queue
 * @param moderation the name of the moderation execution the report is about (the button's value)
 * @param reportChannel where the report is (the moderators' channel)
 * @param reportTs the report's ts: with the action, it names the review execution
 * @param actorName the moderator's Slack name as the click carried it, for the history; never trusted for access
 * @param responseUrl where Slack accepts an answer to the clicker alone, for 30 minutes
 * @param via {@code slack} for a click, {@code console} for local mode's console
 */
@JsonPropertyOrder({
    "schemaVersion",
    "kind",
    "teamId",
    "action",
    "moderation",
    "actorId",
    "actorName",
    "reportChannel",
    "reportTs",
    "responseUrl",
    "actionTs",
    "receivedAt",
    "via"
})
public record ReviewRequest(
        int schemaVersion,
        String kind,
        String teamId,
        ReviewAction action,
        String moderation,
        String actorId,
        String actorName,
        String reportChannel,
        String reportTs,
        String responseUrl,
        String actionTs,
        Instant receivedAt,
        String via) {

    public static final int SCHEMA_VERSION = 1;
    public static final String KIND = "review";
    public static final String VIA_SLACK = "slack";
    /** Local mode's console, signed in with its own password; its actors are {@code console:{name}}. */
    public static final String VIA_CONSOLE = "console";

    static final String CONSOLE_ACTOR = "console:";

    /** A decision made in local mode's console by {@code moderatorName}, on the report it names. */
    public static ReviewRequest fromConsole(
            String teamId,
            ReviewAction action,
            String moderation,
            String moderatorName,
            String reportChannel,
            String reportTs,
            Instant now) {
        return new ReviewRequest(
                SCHEMA_VERSION,
                KIND,
                teamId,
                action,
                moderation,
                CONSOLE_ACTOR + moderatorName,
                moderatorName,
                reportChannel,
                reportTs,
                null,
                null,
                now,
                VIA_CONSOLE);
    }

    /** The review execution's name: the report, the action and the clicker (see {@link ExecutionName#forReview}). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public String executionName() {
        return ExecutionName.forReview(teamId, reportTs, action.actionId(), actorId);
    }

    /** Whether it came from local mode's console rather than a click in Slack. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean fromConsole() {
        return VIA_CONSOLE.equals(via);
    }

    public ReviewRequest {
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(moderation, "moderation");
        Objects.requireNonNull(actorId, "actorId");
        Objects.requireNonNull(reportTs, "reportTs");
        kind = KIND;
    }
}

package dev.imagemoderation.core.ingest;

import dev.imagemoderation.core.request.ModerationRequest;
import dev.imagemoderation.core.slack.MessageEvent;
import dev.imagemoderation.core.slack.SlackEnvelope;
import dev.imagemoderation.core.slack.SlackFile;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The ingest rules: which Slack events become moderation requests. Pure and fast;
 * the HTTP and Socket Mode adapters both call it.
 */
public final class EventTriage {

    /**
     * Subtypes that can carry newly shared files. {@code file_share} alone would be a
     * bypass: current clients send image uploads without a subtype, and a thread reply
     * "also sent to channel" arrives as {@code thread_broadcast}. {@code bot_message}
     * is included because other bots are moderated like people.
     */
    static final Set<String> MODERATED_SUBTYPES = Set.of("file_share", "thread_broadcast", "bot_message");

    private final IngestRules rules;
    private final Clock clock;

    public EventTriage(IngestRules rules, Clock clock) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public TriageDecision triage(SlackEnvelope envelope) {
        return switch (envelope) {
            case SlackEnvelope.UrlVerification v -> new TriageDecision.Challenge(v.challenge());
            case SlackEnvelope.AppRateLimited r ->
                new TriageDecision.Skip(SkipReason.APP_RATE_LIMITED, "minute_rate_limited=" + r.minuteRateLimited());
            case SlackEnvelope.Unsupported u -> new TriageDecision.Skip(SkipReason.UNSUPPORTED_ENVELOPE, u.type());
            case SlackEnvelope.EventCallback cb -> triageCallback(cb);
        };
    }

    private TriageDecision triageCallback(SlackEnvelope.EventCallback cb) {
        MessageEvent m = cb.event();
        if (m == null) {
            return new TriageDecision.Skip(SkipReason.NOT_A_MESSAGE, cb.eventType());
        }
        if (m.subtype() != null && !MODERATED_SUBTYPES.contains(m.subtype())) {
            return new TriageDecision.Skip(SkipReason.UNMODERATED_SUBTYPE, m.subtype());
        }
        if (isOwn(m)) {
            return new TriageDecision.Skip(SkipReason.OWN_APP, m.botId() != null ? m.botId() : m.appId());
        }
        if (m.botId() != null && rules.exemptBotIds().contains(m.botId())) {
            return new TriageDecision.Skip(SkipReason.EXEMPT_BOT, m.botId());
        }
        if (m.channel() != null && rules.exemptChannels().contains(m.channel())) {
            return new TriageDecision.Skip(SkipReason.EXEMPT_CHANNEL, m.channel());
        }
        if (m.files().isEmpty()) {
            return new TriageDecision.Skip(SkipReason.NO_FILES, null);
        }
        List<SlackFile> images = ImageFiles.select(m.files());
        if (images.isEmpty()) {
            return new TriageDecision.Skip(SkipReason.NO_IMAGE_FILES, m.files().size() + " file(s)");
        }
        return new TriageDecision.Queue(new ModerationRequest(
                ModerationRequest.SCHEMA_VERSION,
                cb.eventId(),
                cb.teamId(),
                cb.enterpriseId(),
                m.channel(),
                m.channelType(),
                m.user() != null ? m.user() : m.botId(),
                m.ts(),
                m.threadTs(),
                clock.instant(),
                images));
    }

    private boolean isOwn(MessageEvent m) {
        return (rules.ownBotId() != null && rules.ownBotId().equals(m.botId()))
                || (rules.ownAppId() != null && rules.ownAppId().equals(m.appId()));
    }
}

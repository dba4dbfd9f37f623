package dev.imagemoderation.core.ingest;

import dev.imagemoderation.core.digest.Sha256;
import dev.imagemoderation.core.request.ModerationRequest;
import dev.imagemoderation.core.slack.MessageEvent;
import dev.imagemoderation.core.slack.RemoteImage;
import dev.imagemoderation.core.slack.ScanItem;
import dev.imagemoderation.core.slack.SlackEnvelope;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
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
    static final Set<String> MODERATED_SUBTYPES =
            Set.of("file_share", "thread_broadcast", "bot_message", MessageEvent.MESSAGE_CHANGED);

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
        if (m.isEdit()) {
            return triageEdit(cb, m);
        }
        List<RemoteImage> shown = m.images();
        if (m.files().isEmpty() && shown.isEmpty()) {
            return new TriageDecision.Skip(SkipReason.NO_FILES, null);
        }
        List<ScanItem> items = new ArrayList<>(ImageFiles.select(m.files()));
        items.addAll(shown);
        if (items.isEmpty()) {
            return new TriageDecision.Skip(SkipReason.NO_IMAGE_FILES, m.files().size() + " file(s)");
        }
        return new TriageDecision.Queue(request(cb, m, items, null));
    }

    /**
     * An edit is moderated for the images it adds: a link preview Slack attached, or a new
     * image block. Images the message already showed were moderated with it; an edit of the
     * text alone changes nothing visual. The request is keyed by the message and the images
     * added, so Slack sending the same preview in two edits moderates it once.
     */
    private TriageDecision triageEdit(SlackEnvelope.EventCallback cb, MessageEvent m) {
        Set<String> before = new HashSet<>();
        m.previousImages().forEach(i -> before.add(i.url()));
        List<ScanItem> added = new ArrayList<>();
        for (RemoteImage image : m.images()) {
            if (!before.contains(image.url())) {
                added.add(image);
            }
        }
        if (added.isEmpty()) {
            return new TriageDecision.Skip(
                    SkipReason.NOTHING_NEW_SHOWN, m.images().size() + " image(s) shown, none new");
        }
        return new TriageDecision.Queue(request(cb, m, added, editKey(m, added)));
    }

    /** {@code edit-}, the message's ts, and a digest of the ids of the images added (each names its URL). */
    static String editKey(MessageEvent m, List<ScanItem> added) {
        List<String> ids = added.stream().map(ScanItem::id).sorted().toList();
        return "edit-" + m.ts() + "-" + Sha256.prefix(String.join(",", ids), 6);
    }

    private ModerationRequest request(
            SlackEnvelope.EventCallback cb, MessageEvent m, List<ScanItem> items, String dedupeKey) {
        return new ModerationRequest(
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
                items,
                dedupeKey);
    }

    private boolean isOwn(MessageEvent m) {
        return (rules.ownBotId() != null && rules.ownBotId().equals(m.botId()))
                || (rules.ownAppId() != null && rules.ownAppId().equals(m.appId()));
    }
}

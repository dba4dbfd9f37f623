package dev.imagemoderation.ingest;

import dev.imagemoderation.core.ingest.EventTriage;
import dev.imagemoderation.core.ingest.SkipReason;
import dev.imagemoderation.core.ingest.TriageDecision;
import dev.imagemoderation.core.request.ModerationRequest;
import dev.imagemoderation.core.slack.ScanItem;
import dev.imagemoderation.core.slack.SlackEnvelope;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Takes a verified envelope, decides, queues and logs. Transport-neutral: the HTTP
 * adapter and Socket Mode both call {@link #accept}. Socket Mode has no signature;
 * its connection is authenticated instead.
 */
public final class IngestService {

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

    private final EventTriage triage;
    private final EventQueue queue;

    /** The service on SQS, from ingest's settings; local mode's Socket Mode intake uses it alone. */
    public static IngestService from(IngestConfig config, Clock clock, SqsClient sqs) {
        return new IngestService(new EventTriage(config.rules(), clock), new SqsEventQueue(sqs, config.queueUrl()));
    }

    public IngestService(EventTriage triage, EventQueue queue) {
        this.triage = Objects.requireNonNull(triage, "triage");
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    /**
     * @param retryNum Slack's {@code X-Slack-Retry-Num} (0 for a first delivery); a
     *     retry is queued again, de-duplication is the execution name's job
     * @throws QueueUnavailableException when the event should have been queued but was not
     */
    public IngestOutcome accept(SlackEnvelope envelope, int retryNum) {
        TriageDecision decision = triage.triage(envelope);
        return switch (decision) {
            case TriageDecision.Challenge c -> new IngestOutcome.Challenge(c.challenge());
            case TriageDecision.Skip s -> skipped(envelope, s);
            case TriageDecision.Queue q -> queued(q.request(), retryNum);
        };
    }

    private IngestOutcome queued(ModerationRequest request, int retryNum) {
        String messageId;
        try {
            messageId = queue.send(request);
        } catch (QueueUnavailableException e) {
            withRequest(LOG.atError(), request)
                    .addKeyValue("decision", "queue_failed")
                    .addKeyValue("retryNum", retryNum)
                    .addKeyValue("error", e.getMessage())
                    .log("event could not be queued; Slack will retry");
            throw e;
        }
        withRequest(LOG.atInfo(), request)
                .addKeyValue("decision", "queued")
                .addKeyValue("retryNum", retryNum)
                .addKeyValue("messageId", messageId)
                .log("event queued for moderation");
        return new IngestOutcome.Queued(
                request.eventId(), messageId, request.files().size());
    }

    private static IngestOutcome skipped(SlackEnvelope envelope, TriageDecision.Skip s) {
        // app_rate_limited means events are being dropped by Slack: an alarm watches for it.
        LoggingEventBuilder log = s.reason() == SkipReason.APP_RATE_LIMITED ? LOG.atError() : LOG.atInfo();
        if (envelope instanceof SlackEnvelope.EventCallback cb) {
            log = log.addKeyValue("eventId", cb.eventId()).addKeyValue("teamId", cb.teamId());
            if (cb.event() != null) {
                log = log.addKeyValue("channelId", cb.event().channel());
            }
        } else if (envelope instanceof SlackEnvelope.AppRateLimited r) {
            log = log.addKeyValue("teamId", r.teamId()).addKeyValue("event", "app_rate_limited");
        }
        log.addKeyValue("decision", "skipped")
                .addKeyValue("reason", s.reason().name())
                .addKeyValue("detail", s.detail())
                .log(s.reason().description());
        return new IngestOutcome.Skipped(s.reason(), s.detail());
    }

    private static LoggingEventBuilder withRequest(LoggingEventBuilder log, ModerationRequest r) {
        return log.addKeyValue("eventId", r.eventId())
                .addKeyValue("teamId", r.teamId())
                .addKeyValue("channelId", r.channelId())
                .addKeyValue("userId", r.userId())
                .addKeyValue("fileIds", r.files().stream().map(ScanItem::id).toList());
    }
}

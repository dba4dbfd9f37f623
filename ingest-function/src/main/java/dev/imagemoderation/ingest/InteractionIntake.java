package dev.imagemoderation.ingest;

import dev.imagemoderation.core.review.ClickTriage;
import dev.imagemoderation.core.review.ReviewRequest;
import dev.imagemoderation.core.slack.SlackInteraction;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Takes a verified interaction and queues the moderator's action for the review workflow.
 * Transport-neutral: the HTTP adapter and Socket Mode both call {@link #accept}. Whether the
 * clicker may act is the workflow's first question, not ingest's: answering it needs Slack
 * calls that do not fit in Slack's three seconds, and ingest holds no token.
 */
public final class InteractionIntake {

    /** What became of one interaction. */
    public enum Outcome {
        QUEUED,
        IGNORED
    }

    private static final Logger LOG = LoggerFactory.getLogger(InteractionIntake.class);

    private final ClickTriage triage;
    private final EventQueue queue;

    public static InteractionIntake from(IngestConfig config, Clock clock, SqsClient sqs) {
        return new InteractionIntake(new ClickTriage(clock), new SqsEventQueue(sqs, config.queueUrl()));
    }

    public InteractionIntake(ClickTriage triage, EventQueue queue) {
        this.triage = Objects.requireNonNull(triage, "triage");
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    /** @throws QueueUnavailableException when the action should have been queued but was not */
    public Outcome accept(SlackInteraction interaction) {
        return switch (triage.triage(interaction)) {
            case ClickTriage.Decision.Ignore i -> {
                LOG.atInfo()
                        .addKeyValue("decision", "ignored")
                        .addKeyValue("reason", i.why())
                        .log("interaction");
                yield Outcome.IGNORED;
            }
            case ClickTriage.Decision.Queue q -> {
                ReviewRequest r = q.request();
                String messageId = queue.send(r);
                LOG.atInfo()
                        .addKeyValue("decision", "queued")
                        .addKeyValue("teamId", r.teamId())
                        .addKeyValue("action", r.action().actionId())
                        .addKeyValue("moderation", r.moderation())
                        .addKeyValue("actorId", r.actorId())
                        .addKeyValue("messageId", messageId)
                        .log("moderator action queued");
                yield Outcome.QUEUED;
            }
        };
    }
}

package dev.imagemoderation.ingest.dispatch;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.request.ModerationRequest;
import dev.imagemoderation.core.review.ReviewRequest;
import dev.imagemoderation.core.workflow.ExecutionName;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * Starts one moderation execution per queued event, and one review execution per
 * moderator's action. The execution name is derived from
 * the event, so a redelivered message collides with the execution it already started:
 * {@code ExecutionAlreadyExists} means "done before", not failure. Anything else leaves
 * the message on the queue for another try, and after enough tries in the DLQ.
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final SfnClient sfn;
    private final String stateMachineArn;
    private final String reviewStateMachineArn;
    private final ObjectMapper mapper = Json.mapper();

    public static Dispatcher from(DispatcherConfig config, SfnClient sfn) {
        return new Dispatcher(sfn, config.stateMachineArn(), config.reviewStateMachineArn());
    }

    public Dispatcher(SfnClient sfn, String stateMachineArn) {
        this(sfn, stateMachineArn, null);
    }

    /** @param reviewStateMachineArn the review workflow moderators' actions start; null when there is none */
    public Dispatcher(SfnClient sfn, String stateMachineArn, String reviewStateMachineArn) {
        this.sfn = Objects.requireNonNull(sfn, "sfn");
        this.stateMachineArn = Objects.requireNonNull(stateMachineArn, "stateMachineArn");
        this.reviewStateMachineArn = reviewStateMachineArn;
    }

    /** The outcome of one message. */
    public enum Result {
        STARTED,
        ALREADY_STARTED,
        FAILED
    }

    /**
     * Starts the batch's executions concurrently (each is one network round trip).
     *
     * @return the ids of the messages that must be retried
     */
    public List<String> dispatch(List<QueuedMessage> messages) {
        List<String> failed = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Result>> results = new ArrayList<>(messages.size());
            for (QueuedMessage m : messages) {
                results.add(pool.submit(() -> dispatch(m)));
            }
            for (int i = 0; i < messages.size(); i++) {
                if (outcome(results.get(i)) == Result.FAILED) {
                    failed.add(messages.get(i).messageId());
                }
            }
        }
        return failed;
    }

    /** What one queue message asks for: an execution of which workflow, under which name, and for logs. */
    private record Start(String stateMachineArn, String name, String workflow, String teamId, String subject) {}

    public Result dispatch(QueuedMessage message) {
        Start start;
        try {
            start = startFor(message.body());
        } catch (JacksonException | IllegalArgumentException e) {
            // Retrying cannot fix it; after maxReceiveCount it lands in the DLQ, where it alarms.
            LOG.atError()
                    .addKeyValue("messageId", message.messageId())
                    .addKeyValue("decision", "unreadable")
                    .addKeyValue("error", e.getClass().getSimpleName())
                    .log("queued message is neither a moderation request nor a moderator's action");
            return Result.FAILED;
        }
        try {
            String arn = sfn.startExecution(b -> b.stateMachineArn(start.stateMachineArn())
                            .name(start.name())
                            .input(message.body()))
                    .executionArn();
            log(LOG.atInfo(), start, message, "started")
                    .addKeyValue("executionArn", arn)
                    .log(start.workflow() + " started");
            return Result.STARTED;
        } catch (ExecutionAlreadyExistsException e) {
            log(LOG.atInfo(), start, message, "already_started")
                    .log(start.workflow() + " already started for this "
                            + (start.workflow().equals("review") ? "click" : "event"));
            return Result.ALREADY_STARTED;
        } catch (SdkException e) {
            log(LOG.atWarn(), start, message, "start_failed")
                    .addKeyValue("error", e.getClass().getSimpleName())
                    .log("could not start " + start.workflow() + "; the message returns to the queue");
            return Result.FAILED;
        }
    }

    /** Moderation requests and moderators' actions share the queue; an action says {@code kind: review}. */
    private Start startFor(String body) throws JacksonException {
        JsonNode tree = body == null ? null : mapper.readTree(body);
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("the message body is empty or not a JSON object");
        }
        if (ReviewRequest.KIND.equals(tree.path("kind").asText())) {
            ReviewRequest r = mapper.treeToValue(tree, ReviewRequest.class);
            if (reviewStateMachineArn == null) {
                throw new IllegalArgumentException("no review workflow is configured");
            }
            return new Start(reviewStateMachineArn, r.executionName(), "review", r.teamId(), r.moderation());
        }
        ModerationRequest r = mapper.treeToValue(tree, ModerationRequest.class);
        return new Start(
                stateMachineArn, ExecutionName.of(r.teamId(), r.executionKey()), "moderation", r.teamId(), r.eventId());
    }

    private static LoggingEventBuilder log(LoggingEventBuilder level, Start s, QueuedMessage m, String decision) {
        return level.addKeyValue("teamId", s.teamId())
                .addKeyValue(s.workflow().equals("review") ? "moderation" : "eventId", s.subject())
                .addKeyValue("executionName", s.name())
                .addKeyValue("messageId", m.messageId())
                .addKeyValue("decision", decision);
    }

    private static Result outcome(Future<Result> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            LOG.atError().setCause(e.getCause()).log("dispatch of one message failed unexpectedly");
            return Result.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.FAILED;
        }
    }
}

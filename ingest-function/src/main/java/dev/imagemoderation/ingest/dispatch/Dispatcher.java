package dev.imagemoderation.ingest.dispatch;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.request.ModerationRequest;
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
 * Starts one moderation execution per queued event. The execution name is derived from
 * the event, so a redelivered message collides with the execution it already started:
 * {@code ExecutionAlreadyExists} means "done before", not failure. Anything else leaves
 * the message on the queue for another try, and after enough tries in the DLQ.
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final SfnClient sfn;
    private final String stateMachineArn;
    private final ObjectMapper mapper = Json.mapper();

    public static Dispatcher from(DispatcherConfig config, SfnClient sfn) {
        return new Dispatcher(sfn, config.stateMachineArn());
    }

    public Dispatcher(SfnClient sfn, String stateMachineArn) {
        this.sfn = Objects.requireNonNull(sfn, "sfn");
        this.stateMachineArn = Objects.requireNonNull(stateMachineArn, "stateMachineArn");
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

    public Result dispatch(QueuedMessage message) {
        ModerationRequest request;
        String name;
        try {
            request = message.body() == null ? null : mapper.readValue(message.body(), ModerationRequest.class);
            if (request == null) {
                throw new IllegalArgumentException("the message body is empty or JSON null");
            }
            name = ExecutionName.of(request.teamId(), request.executionKey());
        } catch (JacksonException | IllegalArgumentException e) {
            // Retrying cannot fix it; after maxReceiveCount it lands in the DLQ, where it alarms.
            LOG.atError()
                    .addKeyValue("messageId", message.messageId())
                    .addKeyValue("decision", "unreadable")
                    .addKeyValue("error", e.getClass().getSimpleName())
                    .log("queued message is not a moderation request");
            return Result.FAILED;
        }
        try {
            String arn = sfn.startExecution(
                            b -> b.stateMachineArn(stateMachineArn).name(name).input(message.body()))
                    .executionArn();
            log(LOG.atInfo(), request, name, message, "started")
                    .addKeyValue("executionArn", arn)
                    .log("moderation started");
            return Result.STARTED;
        } catch (ExecutionAlreadyExistsException e) {
            log(LOG.atInfo(), request, name, message, "already_started")
                    .log("moderation already started for this event");
            return Result.ALREADY_STARTED;
        } catch (SdkException e) {
            log(LOG.atWarn(), request, name, message, "start_failed")
                    .addKeyValue("error", e.getClass().getSimpleName())
                    .log("could not start moderation; the message returns to the queue");
            return Result.FAILED;
        }
    }

    private static LoggingEventBuilder log(
            LoggingEventBuilder level, ModerationRequest r, String name, QueuedMessage m, String decision) {
        return level.addKeyValue("eventId", r.eventId())
                .addKeyValue("teamId", r.teamId())
                .addKeyValue("channelId", r.channelId())
                .addKeyValue("executionName", name)
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

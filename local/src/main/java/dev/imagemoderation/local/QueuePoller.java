package dev.imagemoderation.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What Lambda's SQS event source mapping does, in one virtual thread: long-poll the queue,
 * hand batches to the dispatcher (the real {@code DispatcherHandler}), delete what it did not report as
 * failed; a failed message is retried after a few seconds.
 *
 * <p>The queue is durable ({@code EmbeddedSqs.startDurable}), so a stop needs no draining: a
 * message received but not yet deleted when the process stops (or dies) is received again
 * {@link #VISIBILITY_TIMEOUT_SECONDS} after it was taken, and the execution name makes its
 * second dispatch a no-op.
 */
final class QueuePoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueuePoller.class);
    static final int RETRY_AFTER_FAILURE_SECONDS = 2;
    /** Dispatching a batch is ten StartExecution calls on this machine; longer than that means the process died. */
    static final int VISIBILITY_TIMEOUT_SECONDS = 10;

    private final SqsClient sqs;
    private final String queueUrl;
    private final RequestHandler<SQSEvent, SQSBatchResponse> dispatcher;
    private final Thread thread;
    private volatile boolean running = true;

    /** @param legacyDir where versions before the durable queue set events aside at a stop, queued again here */
    QueuePoller(SqsClient sqs, String queueUrl, RequestHandler<SQSEvent, SQSBatchResponse> dispatcher, Path legacyDir) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.dispatcher = dispatcher;
        requeueSetAside(legacyDir.resolve("pending.jsonl"));
        this.thread = Thread.ofVirtual().name("queue-poller").start(this::loop);
    }
    /** Visible plus in-flight messages. */
    static long depth(SqsClient sqs, String queueUrl) {
        var attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"))
                + Long.parseLong(
                        attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
    }

    private void loop() {
        while (running) {
            try {
                pollOnce(1);
            } catch (RuntimeException e) {
                if (running) {
                    LOG.atWarn()
                            .addKeyValue("error", e.getClass().getSimpleName())
                            .log("queue poll failed; retrying");
                }
            }
        }
    }

    private void pollOnce(int waitSeconds) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(waitSeconds)
                        .visibilityTimeout(VISIBILITY_TIMEOUT_SECONDS))
                .messages();
        if (messages.isEmpty()) {
            return;
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages.stream()
                .map(m -> {
                    var r = new SQSEvent.SQSMessage();
                    r.setMessageId(m.messageId());
                    r.setReceiptHandle(m.receiptHandle());
                    r.setBody(m.body());
                    return r;
                })
                .toList());
        SQSBatchResponse response = dispatcher.handleRequest(event, null);
        Set<String> failed = new HashSet<>();
        response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message m : messages) {
            if (failed.contains(m.messageId())) {
                sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl)
                        .receiptHandle(m.receiptHandle())
                        .visibilityTimeout(RETRY_AFTER_FAILURE_SECONDS));
            } else {
                done.add(DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(done.size()))
                        .receiptHandle(m.receiptHandle())
                        .build());
            }
        }
        if (!done.isEmpty()) {
            // An entry that fails to delete comes back after the visibility timeout; the
            // execution name makes its second dispatch a no-op.
            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(done));
        }
    }

    /** Stops polling once the batch in hand is dispatched; what is still queued waits on disk for the next start. */
    @Override
    public void close() {
        running = false;
        try {
            if (!thread.join(Duration.ofSeconds(VISIBILITY_TIMEOUT_SECONDS))) {
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void requeueSetAside(Path pending) {
        if (!Files.exists(pending)) {
            return;
        }
        try {
            List<String> bodies = Files.readAllLines(pending, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank())
                    .toList();
            for (String body : bodies) {
                sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
            }
            Files.delete(pending);
            LOG.atInfo().addKeyValue("events", bodies.size()).log("events set aside at the last stop are queued again");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pending, e);
        }
    }
}

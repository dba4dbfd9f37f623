package dev.imagemoderation.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * <p>The embedded queue lives in memory, so an accepted event must not die with the JVM:
 * {@link #drain} turns what is queued into (durable) executions at shutdown, and whatever
 * cannot be dispatched in time is written to {@code pending.jsonl} and queued again at the
 * next start.
 */
final class QueuePoller {

    private static final Logger LOG = LoggerFactory.getLogger(QueuePoller.class);
    static final int RETRY_AFTER_FAILURE_SECONDS = 2;

    private final SqsClient sqs;
    private final String queueUrl;
    private final RequestHandler<SQSEvent, SQSBatchResponse> dispatcher;
    private final Path pending;
    private final Thread thread;
    private volatile boolean running = true;

    QueuePoller(SqsClient sqs, String queueUrl, RequestHandler<SQSEvent, SQSBatchResponse> dispatcher, Path spillDir) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.dispatcher = dispatcher;
        this.pending = spillDir.resolve("pending.jsonl");
        requeueSpilled();
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
                        .visibilityTimeout(60))
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

    /**
     * Keeps dispatching until the queue is empty or {@code timeout} passes, stops polling, and
     * writes what is left to disk.
     *
     * @return how many events were set aside on disk
     */
    int drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline && depth(sqs, queueUrl) > 0) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.atWarn().addKeyValue("error", e.getClass().getSimpleName()).log("queue unreadable while draining");
        }
        running = false;
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return spill();
    }

    private int spill() {
        int spilled = 0;
        try {
            while (depth(sqs, queueUrl) > 0) {
                List<Message> left = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                                .maxNumberOfMessages(10)
                                .waitTimeSeconds(RETRY_AFTER_FAILURE_SECONDS + 1))
                        .messages();
                if (left.isEmpty()) {
                    break;
                }
                StringBuilder lines = new StringBuilder();
                left.forEach(m -> lines.append(m.body().replace("\n", " ")).append('\n'));
                Files.createDirectories(pending.getParent());
                Files.writeString(
                        pending,
                        lines,
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND,
                        StandardOpenOption.SYNC);
                left.forEach(m -> sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
                spilled += left.size();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("queued events could not be set aside in " + pending, e);
        } catch (RuntimeException e) {
            LOG.atError()
                    .addKeyValue("error", e.getClass().getSimpleName())
                    .log("queue unreadable while setting events aside");
        }
        return spilled;
    }

    private void requeueSpilled() {
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

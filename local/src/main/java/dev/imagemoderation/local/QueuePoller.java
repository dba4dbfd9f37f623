package dev.imagemoderation.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.imagemoderation.ingest.dispatch.DispatcherHandler;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What Lambda's SQS event source mapping does, in one virtual thread: long-poll the queue,
 * hand batches to the real {@link DispatcherHandler}, delete what it did not report as
 * failed. A failed message becomes visible again after the visibility timeout.
 */
final class QueuePoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueuePoller.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final DispatcherHandler dispatcher;
    private final Thread thread;
    private volatile boolean running = true;

    QueuePoller(SqsClient sqs, String queueUrl, DispatcherHandler dispatcher) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.dispatcher = dispatcher;
        this.thread = Thread.ofVirtual().name("queue-poller").start(this::loop);
    }

    private void loop() {
        while (running) {
            try {
                List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                        .waitTimeSeconds(1).visibilityTimeout(60)).messages();
                if (messages.isEmpty()) {
                    continue;
                }
                SQSEvent event = new SQSEvent();
                event.setRecords(messages.stream().map(m -> {
                    var r = new SQSEvent.SQSMessage();
                    r.setMessageId(m.messageId());
                    r.setReceiptHandle(m.receiptHandle());
                    r.setBody(m.body());
                    return r;
                }).toList());
                SQSBatchResponse response = dispatcher.handleRequest(event, null);
                Set<String> failed = new HashSet<>();
                response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
                for (Message m : messages) {
                    if (!failed.contains(m.messageId())) {
                        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                    }
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.atWarn().addKeyValue("error", e.getClass().getSimpleName()).log("queue poll failed; retrying");
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

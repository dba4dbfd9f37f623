package dev.imagemoderation.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The queue between ingest and the dispatcher, with a DLQ for events that could not
 * start an execution after {@link #MAX_RECEIVES} tries. The visibility timeout follows
 * AWS's rule for Lambda event sources: at least six times the consumer's timeout plus
 * the batching window.
 */
public final class EventQueue extends Construct {

    public static final int MAX_RECEIVES = 5;

    private final Queue queue;
    private final Queue deadLetters;

    public EventQueue(Construct scope, String id, Duration consumerTimeout, Duration batchingWindow) {
        super(scope, id);
        deadLetters = Queue.Builder.create(this, "DeadLetters")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        queue = Queue.Builder.create(this, "Events")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(4))
                .visibilityTimeout(
                        Duration.seconds(6 * consumerTimeout.toSeconds().intValue()
                                + batchingWindow.toSeconds().intValue()))
                .deadLetterQueue(DeadLetterQueue.builder()
                        .queue(deadLetters)
                        .maxReceiveCount(MAX_RECEIVES)
                        .build())
                .build();
    }

    public Queue queue() {
        return queue;
    }

    public Queue deadLetters() {
        return deadLetters;
    }
}

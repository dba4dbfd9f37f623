package dev.imagemoderation.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagemoderation.core.request.ModerationRequest;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/**
 * Cases a real SQS server cannot be made to produce on demand: a partially failed batch
 * and a client-side failure. The happy path runs against ElasticMQ in the integration test.
 */
class SqsEventQueueTest {

    private static final ModerationRequest REQUEST =
            new ModerationRequest(1, "Ev1", "T1", null, "C1", "channel", "U1", "1.1", null, Instant.EPOCH, List.of());

    @Test
    void send_batchWithOneFailedEntry_isQueueUnavailable() {
        var queue = new SqsEventQueue(
                answering(SendMessageBatchResponse.builder()
                        .failed(BatchResultErrorEntry.builder()
                                .id("event")
                                .code("InternalError")
                                .senderFault(false)
                                .message("try again")
                                .build())
                        .build()),
                "https://sqs/q");

        assertThatThrownBy(() -> queue.send(REQUEST))
                .isInstanceOf(QueueUnavailableException.class)
                .hasMessageContaining("InternalError");
    }

    @Test
    void send_responseWithoutOurEntry_isQueueUnavailable() {
        var queue =
                new SqsEventQueue(answering(SendMessageBatchResponse.builder().build()), "https://sqs/q");

        assertThatThrownBy(() -> queue.send(REQUEST)).isInstanceOf(QueueUnavailableException.class);
    }

    @Test
    void send_clientFailure_isQueueUnavailable() {
        SqsClient failing = new SqsClient() {
            @Override
            public SendMessageBatchResponse sendMessageBatch(Consumer<SendMessageBatchRequest.Builder> r) {
                throw SdkClientException.create("Unable to execute HTTP request: connect timed out");
            }

            @Override
            public String serviceName() {
                return "sqs";
            }

            @Override
            public void close() {}
        };

        assertThatThrownBy(() -> new SqsEventQueue(failing, "https://sqs/q").send(REQUEST))
                .isInstanceOf(QueueUnavailableException.class)
                .hasMessageContaining("SdkClientException");
    }

    @Test
    void send_success_returnsMessageId() {
        var queue = new SqsEventQueue(
                answering(SendMessageBatchResponse.builder()
                        .successful(SendMessageBatchResultEntry.builder()
                                .id("event")
                                .messageId("m-1")
                                .build())
                        .build()),
                "https://sqs/q");

        assertThat(queue.send(REQUEST)).isEqualTo("m-1");
    }

    private static SqsClient answering(SendMessageBatchResponse response) {
        return new SqsClient() {
            @Override
            public SendMessageBatchResponse sendMessageBatch(Consumer<SendMessageBatchRequest.Builder> r) {
                return response;
            }

            @Override
            public String serviceName() {
                return "sqs";
            }

            @Override
            public void close() {}
        };
    }
}

package dev.imagemoderation.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.request.ModerationRequest;
import dev.imagemoderation.core.review.ReviewRequest;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Queues each event as one SQS message. It uses {@code SendMessageBatch} with a single
 * entry because SQS reports a message it refused (bad content, size, throttling of one
 * entry) as a {@code Failed} entry in an otherwise successful response, and a sender
 * that only catches exceptions would acknowledge an event that was never stored.
 */
public final class SqsEventQueue implements EventQueue {

    private static final String ENTRY_ID = "event";

    private final SqsClient sqs;
    private final String queueUrl;
    private final ObjectMapper mapper;

    public SqsEventQueue(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.mapper = Json.mapper();
    }

    @Override
    public String send(ModerationRequest request) {
        return send(
                request,
                Map.of(
                        "eventId", stringAttribute(request.eventId()),
                        "teamId", stringAttribute(request.teamId())));
    }

    @Override
    public String send(ReviewRequest request) {
        return send(
                request,
                Map.of(
                        "kind", stringAttribute(ReviewRequest.KIND),
                        "teamId", stringAttribute(request.teamId())));
    }

    private String send(Object message, Map<String, MessageAttributeValue> attributes) {
        String body;
        try {
            body = mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("queue message is not serialisable", e);
        }
        SendMessageBatchResponse response;
        try {
            response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl)
                    .entries(SendMessageBatchRequestEntry.builder()
                            .id(ENTRY_ID)
                            .messageBody(body)
                            .messageAttributes(attributes)
                            .build()));
        } catch (SdkException e) {
            throw new QueueUnavailableException(
                    "SQS SendMessageBatch failed: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    e);
        }
        for (BatchResultErrorEntry failed : response.failed()) {
            throw new QueueUnavailableException("SQS refused the message: " + failed.code()
                    + (failed.senderFault() != null && failed.senderFault() ? " (sender fault)" : "")
                    + (failed.message() == null ? "" : ": " + failed.message()));
        }
        return response.successful().stream()
                .filter(s -> ENTRY_ID.equals(s.id()))
                .findFirst()
                .orElseThrow(() -> new QueueUnavailableException("SQS response confirms no message"))
                .messageId();
    }

    private static MessageAttributeValue stringAttribute(String value) {
        return MessageAttributeValue.builder()
                .dataType("String")
                .stringValue(value)
                .build();
    }
}

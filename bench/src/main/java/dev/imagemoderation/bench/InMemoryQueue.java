package dev.imagemoderation.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.request.ModerationRequest;
import dev.imagemoderation.core.review.ReviewRequest;
import dev.imagemoderation.ingest.EventQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for SQS so the benchmark measures ingest itself. It still serialises the
 * message, as {@code SqsEventQueue} does, so that cost stays in the figure.
 */
final class InMemoryQueue implements EventQueue {

    private final AtomicLong sent = new AtomicLong();
    private volatile int lastLength;

    @Override
    public String send(ModerationRequest request) {
        return serialised(request);
    }

    @Override
    public String send(ReviewRequest request) {
        return serialised(request);
    }

    private String serialised(Object request) {
        try {
            lastLength = Json.mapper().writeValueAsString(request).length();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return Long.toString(sent.incrementAndGet());
    }

    int lastLength() {
        return lastLength;
    }
}

package dev.imagemoderation.ingest;

import dev.imagemoderation.core.request.ModerationRequest;
import dev.imagemoderation.core.review.ReviewRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A queue fake for unit tests of the endpoint; the SQS path is covered against ElasticMQ. */
final class RecordingQueue implements EventQueue {

    final List<ModerationRequest> sent = new CopyOnWriteArrayList<>();
    final List<ReviewRequest> reviews = new CopyOnWriteArrayList<>();
    volatile boolean failing;

    @Override
    public String send(ModerationRequest request) {
        if (failing) {
            throw new QueueUnavailableException("SQS SendMessageBatch failed: SdkClientException");
        }
        sent.add(request);
        return "msg-" + sent.size();
    }

    @Override
    public String send(ReviewRequest request) {
        if (failing) {
            throw new QueueUnavailableException("SQS SendMessageBatch failed: SdkClientException");
        }
        reviews.add(request);
        return "review-" + reviews.size();
    }
}

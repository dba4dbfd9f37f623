package dev.imagemoderation.ingest;

import dev.imagemoderation.core.request.ModerationRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A queue fake for unit tests of the endpoint; the SQS path is covered against ElasticMQ. */
final class RecordingQueue implements EventQueue {

    final List<ModerationRequest> sent = new CopyOnWriteArrayList<>();
    volatile boolean failing;

    @Override
    public String send(ModerationRequest request) {
        if (failing) {
            throw new QueueUnavailableException("SQS SendMessageBatch failed: SdkClientException");
        }
        sent.add(request);
        return "msg-" + sent.size();
    }
}

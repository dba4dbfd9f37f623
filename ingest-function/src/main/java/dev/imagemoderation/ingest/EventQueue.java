package dev.imagemoderation.ingest;

import dev.imagemoderation.core.request.ModerationRequest;

/** Where accepted events wait for the workflow. */
public interface EventQueue {

    /**
     * @return the queue's id for the stored message
     * @throws QueueUnavailableException when the message was not stored, for whatever reason
     */
    String send(ModerationRequest request);
}

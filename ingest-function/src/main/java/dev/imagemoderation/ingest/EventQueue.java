package dev.imagemoderation.ingest;

import dev.imagemoderation.core.request.ModerationRequest;
import dev.imagemoderation.core.review.ReviewRequest;

/** Where accepted events wait for the workflow. */
public interface EventQueue {

    /**
     * @return the queue's id for the stored message
     * @throws QueueUnavailableException when the message was not stored, for whatever reason
     */
    String send(ModerationRequest request);

    /** A moderator's action, on the same queue; the dispatcher tells the two apart by {@code kind}. */
    String send(ReviewRequest request);
}

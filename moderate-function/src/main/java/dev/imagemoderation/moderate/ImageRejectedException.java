package dev.imagemoderation.moderate;

import dev.imagemoderation.core.workflow.FetchReason;

/**
 * An image that must not or cannot be analysed. Not a workflow error: FetchImage turns it
 * into an UNSCANNABLE result that the moderators review.
 */
final class ImageRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final FetchReason reason;

    ImageRejectedException(FetchReason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    FetchReason reason() {
        return reason;
    }
}

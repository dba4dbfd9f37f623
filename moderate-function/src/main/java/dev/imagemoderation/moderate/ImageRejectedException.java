package dev.imagemoderation.moderate;

/**
 * An image that must not or cannot be analysed. Not a workflow error: FetchImage turns it
 * into an UNSCANNABLE result that the moderators review.
 *
 * @see dev.imagemoderation.core.workflow.ImageFetch#UNSCANNABLE
 */
final class ImageRejectedException extends Exception {

    private final String reason;

    ImageRejectedException(String reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    /** A stable name: ImageTooLarge, TypeMismatch, Truncated, Corrupt, Empty, UnsupportedFormat. */
    String reason() {
        return reason;
    }
}

package dev.imagemoderation.core.ingest;

/** Why an acknowledged event is not moderated. Each is logged, none is an error. */
public enum SkipReason {
    UNSUPPORTED_ENVELOPE("envelope type is not handled"),
    NOT_A_MESSAGE("event is not a message"),
    UNMODERATED_SUBTYPE("message subtype is not one that can carry new files"),
    OWN_APP("message was posted by this app"),
    EXEMPT_BOT("message was posted by an exempt bot"),
    EXEMPT_CHANNEL("channel is exempt from moderation"),
    NO_FILES("message carries no files and shows no images"),
    NO_IMAGE_FILES("message carries no image files"),
    NOTHING_NEW_SHOWN("edit shows no image the message did not show before"),
    APP_RATE_LIMITED("Slack rate-limited event delivery to this app");

    private final String description;

    SkipReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}

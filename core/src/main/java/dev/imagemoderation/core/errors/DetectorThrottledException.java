package dev.imagemoderation.core.errors;

/** The moderation detector (Rekognition or the local endpoint) throttled us or was briefly unavailable. */
public class DetectorThrottledException extends RetryableWorkflowException {

    private static final long serialVersionUID = 1L;

    public DetectorThrottledException(String message) {
        super(message);
    }

    public DetectorThrottledException(String message, Throwable cause) {
        super(message, cause);
    }
}

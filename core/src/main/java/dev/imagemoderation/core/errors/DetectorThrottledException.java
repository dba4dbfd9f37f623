package dev.imagemoderation.core.errors;

/** The moderation detector (Rekognition or the local endpoint) throttled us or was briefly unavailable. */
public class DetectorThrottledException extends RetryableWorkflowException {

    public DetectorThrottledException(String message) {
        super(message);
    }

    public DetectorThrottledException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.imagemoderation.core.errors;

/** S3 refused or did not answer after the SDK's own retries; a later attempt may succeed. */
public class StorageUnavailableException extends RetryableWorkflowException {

    private static final long serialVersionUID = 1L;

    public StorageUnavailableException(String message) {
        super(message, null);
    }

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

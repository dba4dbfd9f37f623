package dev.imagemoderation.core.errors;

/** A failure that a later attempt may not meet again; the workflow's Retry blocks list every subclass. */
public abstract class RetryableWorkflowException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected RetryableWorkflowException(String message) {
        super(message);
    }

    protected RetryableWorkflowException(String message, Throwable cause) {
        super(message, cause);
    }
}

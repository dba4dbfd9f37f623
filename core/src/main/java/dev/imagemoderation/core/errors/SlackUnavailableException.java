package dev.imagemoderation.core.errors;

/** Slack answered 5xx, internal_error, fatal_error or request_timeout. */
public class SlackUnavailableException extends RetryableWorkflowException {

    private static final long serialVersionUID = 1L;

    public SlackUnavailableException(String message) {
        super(message);
    }

    public SlackUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

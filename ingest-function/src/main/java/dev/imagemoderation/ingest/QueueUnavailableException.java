package dev.imagemoderation.ingest;

/** The event could not be queued; Slack must be told to retry (HTTP 500). */
public class QueueUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public QueueUnavailableException(String message) {
        super(message);
    }

    public QueueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

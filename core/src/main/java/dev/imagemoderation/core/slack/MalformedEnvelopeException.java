package dev.imagemoderation.core.slack;

/** The request body is not JSON, or not the shape of a Slack Events API envelope. */
public class MalformedEnvelopeException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedEnvelopeException(String message) {
        super(message);
    }

    public MalformedEnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}

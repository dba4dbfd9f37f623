package dev.imagemoderation.core.slack;

/** The request body is not JSON, or not the shape of a Slack Events API envelope. */
public class MalformedEnvelopeException extends Exception {

    public MalformedEnvelopeException(String message) {
        super(message);
    }

    public MalformedEnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}

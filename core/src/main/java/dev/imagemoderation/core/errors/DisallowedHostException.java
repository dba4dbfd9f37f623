package dev.imagemoderation.core.errors;

/** A file URL points outside the allowlist of Slack hosts; no token is ever sent there. */
public class DisallowedHostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DisallowedHostException(String message) {
        super(message);
    }

    public DisallowedHostException(String message, Throwable cause) {
        super(message, cause);
    }
}

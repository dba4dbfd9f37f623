package dev.imagemoderation.core.secrets;

/** A secret is missing, empty or unreadable. The message names the secret, never its value. */
public class SecretUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SecretUnavailableException(String message) {
        super(message);
    }

    public SecretUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

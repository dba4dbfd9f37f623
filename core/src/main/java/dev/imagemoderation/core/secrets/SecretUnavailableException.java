package dev.imagemoderation.core.secrets;

/** A secret is missing, empty or unreadable. The message names the secret, never its value. */
public class SecretUnavailableException extends RuntimeException {

    public SecretUnavailableException(String message) {
        super(message);
    }

    public SecretUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

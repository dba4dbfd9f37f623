package dev.imagemoderation.core.secrets;

/**
 * A secret read when first needed. {@link #toString()} of implementations must never
 * reveal the value.
 */
@FunctionalInterface
public interface Secret {

    /**
     * @return the current value, never blank
     * @throws SecretUnavailableException when the secret is not configured or cannot be read
     */
    String value();
}

package dev.imagemoderation.aws;

/** A setting is missing or malformed; the message names it. */
public class ConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }
}

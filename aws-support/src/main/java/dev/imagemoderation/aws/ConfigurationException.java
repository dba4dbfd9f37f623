package dev.imagemoderation.aws;

/** A setting is missing or malformed; the message names it. */
public class ConfigurationException extends RuntimeException {

    public ConfigurationException(String message) {
        super(message);
    }
}

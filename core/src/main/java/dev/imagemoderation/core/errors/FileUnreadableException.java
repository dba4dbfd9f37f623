package dev.imagemoderation.core.errors;

/** The bot token cannot read the file: Slack answered its sign-in page, or files.info refused. A configuration problem (missing files:read, bot not in the channel), not a property of the image. */
public class FileUnreadableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FileUnreadableException(String message) {
        super(message);
    }

    public FileUnreadableException(String message, Throwable cause) {
        super(message, cause);
    }
}

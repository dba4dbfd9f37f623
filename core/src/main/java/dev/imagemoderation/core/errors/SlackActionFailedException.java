package dev.imagemoderation.core.errors;

/** A Slack call failed in a way no retry fixes (cant_delete_file, missing_scope, invalid_auth, ...). The moderators have been alerted; the message says what to do by hand. */
public class SlackActionFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SlackActionFailedException(String message) {
        super(message);
    }

    public SlackActionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

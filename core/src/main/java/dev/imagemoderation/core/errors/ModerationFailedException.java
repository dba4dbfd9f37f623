package dev.imagemoderation.core.errors;

/**
 * How a moderation that could not finish ends, once the moderators have its failure report: the execution
 * fails at HoldForRetry with this error, the message naming the step and the error that stopped it. Failing
 * there, rather than in a Fail state, is what makes a redrive (the report's Retry) go back to that step.
 */
public class ModerationFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ModerationFailedException(String message) {
        super(message);
    }
}

package dev.imagemoderation.core.workflow;

import dev.imagemoderation.core.errors.ModerationFailedException;

/**
 * HoldForRetry's rule. A moderation that failed, once reported, ends failed at this step; a redrive (the
 * report's Retry) runs this step again, now {@code redriven}, and the workflow goes back to the step that
 * failed.
 *
 * @param state the step that failed
 * @param error what it failed with, as Step Functions names it
 * @param redriven whether the execution has been redriven since the failure
 */
public record RetryHold(String state, String error, String cause, boolean redriven) {

    /** Where the redriven workflow goes back to. */
    public record Released(String retrying) {}

    /**
     * @throws ModerationFailedException unless redriven: the execution's error, naming the step and the cause
     */
    public Released release() {
        if (redriven) {
            return new Released(state);
        }
        throw new ModerationFailedException(state + " failed with " + error + ": "
                + (cause == null || cause.isBlank() ? "no cause given" : cause)
                + ". The moderators have the report; Retry on it redrives the moderation from " + state + ".");
    }
}

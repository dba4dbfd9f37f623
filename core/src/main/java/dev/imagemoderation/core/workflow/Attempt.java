package dev.imagemoderation.core.workflow;

import java.time.Instant;

/**
 * Which try of a workflow task this is, from the Step Functions context: the state's
 * {@code RetryCount} and the execution's {@code RedriveCount} (the local runner counts a resume
 * after a restart as a redrive). A Slack post needs a look for an earlier copy only when an
 * earlier try may have made it; on a first try that look (a history read) is skipped.
 *
 * @param startedAt when the execution started: no post of this execution is older, which bounds the look
 */
public record Attempt(Instant startedAt, Integer retryCount, Integer redriveCount) {

    /** Nothing known: behave as if an earlier try may have posted. */
    public static final Attempt UNKNOWN = new Attempt(null, null, null);

    public boolean mayHaveRunBefore() {
        return retryCount == null || redriveCount == null || retryCount > 0 || redriveCount > 0;
    }
}

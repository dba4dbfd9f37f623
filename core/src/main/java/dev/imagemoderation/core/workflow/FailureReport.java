package dev.imagemoderation.core.workflow;

import dev.imagemoderation.core.request.ModerationRequest;
import java.time.Instant;

/** ReportFailure's payload: which state failed, with the error and cause Step Functions gave. */
public record FailureReport(
        ModerationRequest request,
        String state,
        String error,
        String cause,
        String execution,
        Instant startedAt,
        Integer retryCount,
        Integer redriveCount) {

    public Attempt attempt() {
        return new Attempt(startedAt, retryCount, redriveCount);
    }
}

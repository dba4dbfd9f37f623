package dev.imagemoderation.core.workflow;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.imagemoderation.core.moderation.Action;
import dev.imagemoderation.core.request.ModerationRequest;
import java.time.Instant;
import java.util.List;

/**
 * The payload the workflow sends to the Slack actions: the request, the scanned files
 * ({@code files} for RemoveFiles, {@code scans} for the others), the message's action,
 * the execution name for the moderators' report, and when the execution started (no post of
 * this execution can be older, which bounds the search for one already made), and which try
 * of the task this is ({@link Attempt}).
 *
 * @param executionArn the execution's ARN, for a link to it in the Step Functions console
 */
public record SlackActionInput(
        ModerationRequest request,
        @JsonAlias("files") List<FileScan> scans,
        Action action,
        String execution,
        Instant startedAt,
        Integer retryCount,
        Integer redriveCount,
        String executionArn) {

    public SlackActionInput {
        scans = scans == null ? List.of() : List.copyOf(scans);
    }

    public Attempt attempt() {
        return new Attempt(startedAt, retryCount, redriveCount);
    }
}

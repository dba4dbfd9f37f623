package dev.imagemoderation.core.errors;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The error names the workflow definition may route on, as Lambda reports them. */
public final class WorkflowErrors {

    /** Retried with backoff by every Lambda task. */
    public static final List<Class<? extends RuntimeException>> RETRYABLE = List.of(
            DetectorThrottledException.class, SlackUnavailableException.class, StorageUnavailableException.class);

    /** Caught and turned into a Wait of Retry-After seconds. */
    public static final Class<SlackRateLimitedException> RATE_LIMITED = SlackRateLimitedException.class;

    /** Reported to the moderators, then the execution fails. */
    public static final List<Class<? extends RuntimeException>> TERMINAL = List.of(
            FileUnreadableException.class,
            DisallowedHostException.class,
            DetectorRejectedImageException.class,
            SlackActionFailedException.class,
            InvalidWorkflowInputException.class);

    /** What a failed moderation ends with, after its report: redriving it retries the step that failed. */
    public static final Class<ModerationFailedException> HELD_FOR_RETRY = ModerationFailedException.class;

    private WorkflowErrors() {}

    /** Every name above, fully qualified. */
    public static Set<String> names() {
        return Stream.of(RETRYABLE.stream(), TERMINAL.stream(), Stream.of(RATE_LIMITED, HELD_FOR_RETRY))
                .flatMap(s -> s)
                .map(Class::getName)
                .collect(Collectors.toUnmodifiableSet());
    }
}

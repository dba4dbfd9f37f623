package dev.imagemoderation.slack;

import dev.imagemoderation.core.errors.SlackRateLimitedException;
import dev.imagemoderation.core.errors.SlackUnavailableException;
import java.util.Optional;

/**
 * Slack's HTTP failures as the workflow's errors, for the Web API and file downloads alike:
 * 429 becomes {@link SlackRateLimitedException} with Retry-After (the workflow waits that long),
 * 5xx becomes {@link SlackUnavailableException} (retried with backoff).
 */
public final class SlackHttpFailure {

    /** Used when Slack says it is rate limiting without a Retry-After header. */
    static final int DEFAULT_RETRY_AFTER_SECONDS = 30;

    private SlackHttpFailure() {}

    /**
     * @param what the call, for the message ("files.delete", "file download")
     * @param retryAfter the Retry-After header, or null
     * @return the error for a status worth retrying; empty for one the caller must judge
     */
    public static Optional<RuntimeException> of(String what, int status, String retryAfter) {
        if (status == 429) {
            return Optional.of(new SlackRateLimitedException(retryAfter(retryAfter)));
        }
        if (status >= 500) {
            return Optional.of(new SlackUnavailableException(what + " answered HTTP " + status));
        }
        return Optional.empty();
    }

    /** Seconds from a Retry-After header; Slack's usual 30 when it is absent or unreadable. */
    public static int retryAfter(String header) {
        if (header == null) {
            return DEFAULT_RETRY_AFTER_SECONDS;
        }
        try {
            return Math.max(1, Integer.parseInt(header.trim()));
        } catch (NumberFormatException e) {
            return DEFAULT_RETRY_AFTER_SECONDS;
        }
    }
}

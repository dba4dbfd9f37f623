package dev.imagemoderation.core.errors;

/** Slack answered 429 or ratelimited. The message is the Retry-After in whole seconds, which the workflow's Wait state reads. */
public class SlackRateLimitedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int retryAfterSeconds;

    public SlackRateLimitedException(int retryAfterSeconds) {
        super(Integer.toString(Math.max(1, retryAfterSeconds)));
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

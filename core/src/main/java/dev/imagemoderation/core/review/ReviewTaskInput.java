package dev.imagemoderation.core.review;

/**
 * The payload the review workflow sends its tasks. Each task reads what it needs: every one
 * the {@code review}; RestoreFiles and UpdateReport the {@code moderation}; UpdateReport the
 * {@code restore} result; ClaimReport {@code release}; AnswerModerator the {@code answer}, its
 * {@code detail} and, for a report already handled, the {@code claim} that won.
 */
public record ReviewTaskInput(
        ReviewRequest review,
        ModerationOutcome moderation,
        RestoreResult restore,
        Boolean release,
        Answer answer,
        String detail,
        Claim claim) {

    /** What the clicker alone is told when the action does not go ahead. */
    public enum Answer {
        UNKNOWN_MODERATION,
        UNFINISHED_MODERATION,
        NOT_A_MODERATOR,
        NOT_THE_POSTER,
        ALREADY_HANDLED,
        NOT_RESTORED,
        FAILED
    }

    /** Whether the clicker may act, and why: the reason stays in the review's history. */
    public record Authorization(boolean allowed, String reason) {}

    /**
     * The report's claim: {@code claimed} when this action holds it; otherwise who holds it.
     *
     * @param at when it was claimed, in epoch seconds
     */
    public record Claim(boolean claimed, String actorId, ReviewAction action, long at) {}

    /**
     * What RevealOriginal showed, and until when. The links themselves are not here: they are
     * bearer credentials for their lifetime, and this lands in the execution's history.
     */
    public record Reveal(java.util.List<String> fileIds, long expiresAt, String why) {}

    /** What RestoreFiles did: {@code restored}, or {@code why} nothing was. */
    public record RestoreResult(boolean restored, String why, java.util.List<String> fileIds) {}

    public boolean releasing() {
        return Boolean.TRUE.equals(release);
    }
}

package dev.imagemoderation.core.review;

import dev.imagemoderation.core.memory.Decision;
import dev.imagemoderation.core.memory.DecisionKind;
import dev.imagemoderation.core.moderation.Action;
import dev.imagemoderation.core.workflow.FileScan;
import dev.imagemoderation.core.workflow.ImageFetch;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a moderator's action leaves in the bot's memory: one decision per image the action was about (the
 * images the machine removed, for Restore and Keep removed; those it sent for review, for Remove and Allow),
 * keyed by the original's SHA-256 and carrying its PDQ hash. An image that was never fetched has no hash to
 * remember it by.
 */
public final class ReviewDecisions {

    private ReviewDecisions() {}

    public static List<Decision> of(ReviewRequest review, ModerationOutcome moderation, Instant at) {
        Optional<DecisionKind> kind = review.action().remembers();
        if (kind.isEmpty()) {
            return List.of();
        }
        Action about = review.action() == ReviewAction.RESTORE || review.action() == ReviewAction.KEEP_REMOVED
                ? Action.REMOVE
                : Action.REVIEW;
        return moderation.scans().stream()
                .filter(s -> s.verdict() != null && s.verdict().action() == about)
                .filter(s ->
                        s.image() != null && s.image().fetched() && s.image().sha256() != null)
                .map(s -> decision(review, s, kind.get(), at))
                .toList();
    }

    private static Decision decision(ReviewRequest review, FileScan scan, DecisionKind kind, Instant at) {
        ImageFetch image = scan.image();
        return new Decision(
                review.teamId(),
                image.sha256(),
                image.pdq(),
                image.pdqQuality() == null ? 0 : image.pdqQuality(),
                kind,
                review.actorId(),
                at,
                review.executionName());
    }
}

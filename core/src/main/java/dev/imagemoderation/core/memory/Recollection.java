package dev.imagemoderation.core.memory;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.imagemoderation.core.moderation.Action;
import dev.imagemoderation.core.slack.Mrkdwn;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What Recall remembered about an image, and why it decided: the rule recorded in the verdict, so that the
 * execution history shows a remembered decision or a bank match as it shows a label threshold.
 *
 * @param rule the reason in words, as the report and the history show it
 * @param distance the PDQ distance of the match; 0 for the same file
 * @param actor the moderator who decided, for a remembered decision
 * @param execution the review execution that recorded the decision
 * @param bank the hash bank's name, for a bank match; {@code label} is its line's label, if it had one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Recollection(
        Source source,
        Action action,
        String rule,
        MatchedBy matchedBy,
        Integer distance,
        String actor,
        Instant decidedAt,
        String execution,
        String bank,
        String label) {

    /** Where the memory came from. */
    public enum Source {
        MODERATOR_ALLOWED,
        REMOVAL_CONFIRMED,
        HASH_BANK,
        VERDICT_CACHE
    }

    /** How the image was recognised. */
    public enum MatchedBy {
        SHA256,
        PDQ
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    static Recollection ofDecision(Decision d, MatchedBy by, int distance) {
        String day = DAY.format(d.decidedAt());
        String how = by == MatchedBy.SHA256 ? "the same file" : "PDQ distance " + distance;
        boolean allowed = d.kind() == DecisionKind.ALLOWED;
        return new Recollection(
                allowed ? Source.MODERATOR_ALLOWED : Source.REMOVAL_CONFIRMED,
                d.kind().action(),
                allowed
                        ? "allowed by <@" + d.actor() + "> on " + day + " (" + how + ")"
                        : "matches an image removed on " + day + " (distance " + distance + ")",
                by,
                distance,
                d.actor(),
                d.decidedAt(),
                d.execution(),
                null,
                null);
    }

    static Recollection ofBank(String bank, String label, int distance) {
        return new Recollection(
                Source.HASH_BANK,
                Action.REMOVE,
                "matched bank " + bank + (label == null ? "" : " (" + Mrkdwn.escape(label) + ")") + " at PDQ distance "
                        + distance,
                MatchedBy.PDQ,
                distance,
                null,
                null,
                null,
                bank,
                label);
    }

    static Recollection ofCache(CachedDetection c) {
        return new Recollection(
                Source.VERDICT_CACHE,
                null,
                "labels from the verdict cache (" + c.detector() + ", stored " + DAY.format(c.storedAt()) + ")",
                MatchedBy.SHA256,
                0,
                null,
                c.storedAt(),
                null,
                null,
                null);
    }
}

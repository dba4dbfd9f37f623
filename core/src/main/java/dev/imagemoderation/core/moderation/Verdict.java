package dev.imagemoderation.core.moderation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.imagemoderation.core.memory.Recollection;
import java.util.Comparator;
import java.util.List;

/**
 * The decision for one image, or for a whole message (the strictest of its images),
 * with what decided it: the rules that fired, the policy version and the detector.
 *
 * @param category the top-level taxonomy label behind the decision, for notices ("Explicit"); null when allowed
 * @param recalled what the decision memory contributed: a moderator's earlier decision or a bank match (then it
 *     decided and {@code rules} is empty), or cached labels (then the rules fired on them); null when the
 *     detector was asked
 */
public record Verdict(
        Action action,
        String category,
        List<FiredRule> rules,
        String policyVersion,
        String detector,
        @JsonInclude(JsonInclude.Include.NON_NULL) Recollection recalled) {

    @JsonCreator
    public Verdict {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    public Verdict(Action action, String category, List<FiredRule> rules, String policyVersion, String detector) {
        this(action, category, rules, policyVersion, detector, null);
    }

    /** The verdict of a remembered decision or a bank match: the detector was not asked. */
    public static Verdict remembered(Recollection recollection, String policyVersion) {
        return new Verdict(recollection.action(), null, List.of(), policyVersion, "decision memory", recollection);
    }

    public Verdict withRecalled(Recollection recollection) {
        return new Verdict(action, category, rules, policyVersion, detector, recollection);
    }

    /** The strictest of several verdicts; ALLOW with no rules when there are none. */
    public static Verdict strictest(List<Verdict> verdicts, String policyVersion) {
        return verdicts.stream()
                .max(Comparator.comparing(Verdict::action)
                        .thenComparing(v -> v.rules().stream()
                                .map(FiredRule::confidence)
                                .max(Float::compare)
                                .orElse(0f)))
                .orElse(new Verdict(Action.ALLOW, null, List.of(), policyVersion, null));
    }
}

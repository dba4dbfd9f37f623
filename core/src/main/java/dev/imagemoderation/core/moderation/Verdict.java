package dev.imagemoderation.core.moderation;

import java.util.Comparator;
import java.util.List;

/**
 * The decision for one image, or for a whole message (the strictest of its images),
 * with what decided it: the rules that fired, the policy version and the detector.
 *
 * @param category the top-level taxonomy label behind the decision, for notices ("Explicit"); null when allowed
 */
public record Verdict(Action action, String category, List<FiredRule> rules, String policyVersion, String detector) {

    public Verdict {
        rules = rules == null ? List.of() : List.copyOf(rules);
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

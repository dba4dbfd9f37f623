package dev.imagemoderation.core.moderation;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Thresholds by label name (any taxonomy level) plus carve-outs: labels that never
 * act, even when an ancestor's threshold would (review "Non-Explicit Nudity" but not
 * its "Bare Back").
 */
public record RuleSet(Map<String, Thresholds> thresholds, Set<String> ignore) {

    public RuleSet {
        thresholds = Collections.unmodifiableMap(new LinkedHashMap<>(thresholds));
        ignore = Set.copyOf(ignore);
    }

    /** This set with {@code override}'s entries replacing or adding to it, label by label. */
    public RuleSet overriddenBy(RuleSet override) {
        Map<String, Thresholds> merged = new LinkedHashMap<>(thresholds);
        merged.putAll(override.thresholds());
        Set<String> ignored = new HashSet<>(ignore);
        ignored.addAll(override.ignore());
        ignored.removeAll(override.thresholds().keySet());
        return new RuleSet(merged, ignored);
    }
}

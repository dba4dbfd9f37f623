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
 *
 * @param illustrated overrides that apply on top when the detector says the image is a
 *     drawing (content type {@code Illustrated}); null when there are none
 */
public record RuleSet(Map<String, Thresholds> thresholds, Set<String> ignore, RuleSet illustrated) {

    /** The content type, as Rekognition names it, that {@link #illustrated} depends on. */
    public static final String ILLUSTRATED = "Illustrated";

    /** From this confidence on, an image counts as illustrated (Rekognition's default MinConfidence). */
    public static final float ILLUSTRATED_CONFIDENCE = 50f;

    public RuleSet {
        thresholds = Collections.unmodifiableMap(new LinkedHashMap<>(thresholds));
        ignore = Set.copyOf(ignore);
    }

    public RuleSet(Map<String, Thresholds> thresholds, Set<String> ignore) {
        this(thresholds, ignore, null);
    }

    /** This set with {@code override}'s entries replacing or adding to it, label by label. */
    public RuleSet overriddenBy(RuleSet override) {
        Map<String, Thresholds> merged = new LinkedHashMap<>(thresholds);
        merged.putAll(override.thresholds());
        Set<String> ignored = new HashSet<>(ignore);
        ignored.addAll(override.ignore());
        ignored.removeAll(override.thresholds().keySet());
        RuleSet drawings = illustrated == null
                ? override.illustrated()
                : override.illustrated() == null ? illustrated : illustrated.overriddenBy(override.illustrated());
        return new RuleSet(merged, ignored, drawings);
    }

    /** The rules for this image: with the {@link #illustrated} overrides when it is a drawing. */
    public RuleSet forContent(Detection detection) {
        return illustrated != null && isIllustrated(detection)
                ? withoutContentRules().overriddenBy(illustrated)
                : this;
    }

    public static boolean isIllustrated(Detection detection) {
        return detection.contentTypes().stream()
                .anyMatch(c -> c.name().equals(ILLUSTRATED) && c.confidence() >= ILLUSTRATED_CONFIDENCE);
    }

    private RuleSet withoutContentRules() {
        return new RuleSet(thresholds, ignore, null);
    }
}

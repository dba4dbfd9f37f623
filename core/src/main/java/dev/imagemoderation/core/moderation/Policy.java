package dev.imagemoderation.core.moderation;

import dev.imagemoderation.core.workflow.AnimationBudget;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A loaded, validated moderation policy.
 *
 * @param version {@code name@sha256-prefix} of the file it came from, recorded in every verdict
 * @param channels per-channel rule sets, each already merged over {@code base}
 * @param exemptChannels channels never moderated; ingest reads the same list
 * @param deleteMessage whether removal also deletes the message that carried the image
 * @param animation how many frames of an animation, and pixels in all, are judged
 */
public record Policy(
        String name,
        String version,
        Taxonomy taxonomy,
        RuleSet base,
        Map<String, RuleSet> channels,
        Set<String> exemptChannels,
        boolean deleteMessage,
        Notices notices,
        AnimationBudget animation) {

    public Policy {
        channels = Map.copyOf(channels);
        exemptChannels = Set.copyOf(exemptChannels);
    }

    public RuleSet rulesFor(String channelId) {
        return channelId == null ? base : channels.getOrDefault(channelId, base);
    }

    /**
     * The {@code MinConfidence} to ask the detector for: the lowest threshold anywhere
     * in the policy, so no label that could matter in any channel is filtered out.
     */
    public float minConfidence() {
        return Stream.concat(Stream.of(base), channels.values().stream())
                .flatMap(
                        rules -> rules.illustrated() == null ? Stream.of(rules) : Stream.of(rules, rules.illustrated()))
                .flatMap(rules -> rules.thresholds().values().stream())
                .map(Thresholds::lowest)
                .min(Float::compare)
                .orElse(100f);
    }
}

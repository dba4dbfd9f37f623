package dev.imagemoderation.core.moderation;

import dev.imagemoderation.core.workflow.ImageFetch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Applies a policy to one detection. Rules:
 * <ol>
 *   <li>A label acts through its own thresholds, or else those of its nearest ancestor
 *       the policy names. A label the policy does not reach does nothing.
 *   <li>A label that is ignored, or whose path to the thresholds passes an ignored
 *       label, does nothing (carve-outs cover their descendants).
 *   <li>A parent label reported together with more specific labels under it acts only
 *       if one of those is not carved out: Rekognition reports "Non-Explicit Nudity"
 *       beside "Bare Back", and ignoring "Bare Back" must silence both.
 *   <li>The strictest band reached wins.
 *   <li>A file that was not analysed is decided by why: an image that could not be scanned goes to
 *       the moderators (REVIEW), so that a file built to defeat the scanner is still seen by a person;
 *       a file that is not an image, or is gone, is allowed.
 * </ol>
 */
public final class PolicyEvaluator {

    private final Policy policy;

    public PolicyEvaluator(Policy policy) {
        this.policy = policy;
    }

    /** The verdict for a file FetchImage did not analyse; {@code status} null means nothing was fetched. */
    public Verdict notAnalysed(ImageFetch.Status status) {
        Action action = switch (status) {
            case UNSCANNABLE -> Action.REVIEW;
            case SKIPPED -> Action.ALLOW;
            case FETCHED -> throw new IllegalArgumentException("a fetched image is analysed, not decided here");
            case null -> Action.ALLOW;
        };
        return new Verdict(action, null, List.of(), policy.version(), null);
    }

    public Verdict evaluate(String channelId, Detection detection, String detector) {
        RuleSet rules = policy.rulesFor(channelId);
        String scope =
                channelId != null && policy.channels().containsKey(channelId) ? "channel " + channelId : "policy";
        List<FiredRule> fired = new ArrayList<>();
        for (ModerationLabel label : detection.moderationLabels()) {
            String source = thresholdSource(label.name(), label.parentName(), rules);
            if (source == null || allReportedDescendantsIgnored(label.name(), detection, rules)) {
                continue;
            }
            Thresholds t = rules.thresholds().get(source);
            Action action = t.actionFor(label.confidence());
            if (action != Action.ALLOW) {
                float threshold = action == Action.REMOVE ? t.remove() : t.review();
                fired.add(new FiredRule(
                        label.name(), label.parentName(), label.confidence(), action, threshold, source, scope));
            }
        }
        fired.sort(Comparator.comparing(FiredRule::action)
                .thenComparing(FiredRule::confidence)
                .reversed());
        Action action = fired.stream().map(FiredRule::action).reduce(Action.ALLOW, Action::strictest);
        String category = fired.isEmpty() ? null : topLevel(fired.getFirst().label());
        return new Verdict(action, category, fired, policy.version(), detector);
    }

    /** The label whose thresholds apply, or null when none does or a carve-out is in the way. */
    private String thresholdSource(String name, String parentName, RuleSet rules) {
        List<String> chain = new ArrayList<>();
        chain.add(name);
        List<String> ancestors = policy.taxonomy().ancestors(name);
        if (ancestors.isEmpty() && parentName != null && !parentName.isEmpty()) {
            // A label newer than our taxonomy data: trust the parent Rekognition named.
            chain.add(parentName);
            chain.addAll(policy.taxonomy().ancestors(parentName));
        } else {
            chain.addAll(ancestors);
        }
        for (String n : chain) {
            if (rules.ignore().contains(n)) {
                return null;
            }
            if (rules.thresholds().containsKey(n)) {
                return n;
            }
        }
        return null;
    }

    /**
     * True when the label was reported with more specific labels under it and every
     * most-specific one of those is carved out. Only the most specific ones count: an
     * intermediate label is itself silenced by the same rule.
     */
    private boolean allReportedDescendantsIgnored(String name, Detection detection, RuleSet rules) {
        Taxonomy tx = policy.taxonomy();
        List<String> descendants = detection.moderationLabels().stream()
                .map(ModerationLabel::name)
                .filter(other -> tx.isAncestor(name, other))
                .toList();
        if (descendants.isEmpty()) {
            return false;
        }
        return descendants.stream()
                .filter(d -> descendants.stream().noneMatch(other -> tx.isAncestor(d, other)))
                .allMatch(leaf -> ignoredBelow(leaf, name, rules));
    }

    private boolean ignoredBelow(String descendant, String ancestor, RuleSet rules) {
        if (rules.ignore().contains(descendant)) {
            return true;
        }
        for (String a : policy.taxonomy().ancestors(descendant)) {
            if (a.equals(ancestor)) {
                return false;
            }
            if (rules.ignore().contains(a)) {
                return true;
            }
        }
        return false;
    }

    private String topLevel(String label) {
        List<String> ancestors = policy.taxonomy().ancestors(label);
        return ancestors.isEmpty() ? label : ancestors.getLast();
    }
}

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
 *   <li>An image the detector calls a drawing (content type {@code Illustrated}) gets the rule
 *       set's {@code illustrated} overrides on top, where the policy has them.
 *   <li>What one model of an ensemble alone reported ({@link SingleModelFlags}) goes through the
 *       same thresholds but can only send the image to REVIEW: removal needs the models to agree,
 *       and nothing a single model flags goes unseen.
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
        RuleSet forChannel = policy.rulesFor(channelId);
        RuleSet rules = forChannel.forContent(detection);
        String scope =
                (channelId != null && policy.channels().containsKey(channelId) ? "channel " + channelId : "policy")
                        + (rules != forChannel ? ", illustrated" : "");
        List<FiredRule> fired = new ArrayList<>();
        fire(detection.moderationLabels(), rules, scope, Action.REMOVE, fired);
        if (fired.stream().noneMatch(r -> r.action() == Action.REMOVE)) {
            // Shown beside the ensemble's own findings, so that the moderator sees which model disagreed.
            fire(
                    SingleModelFlags.decode(detection.humanLoopActivation()),
                    rules,
                    scope + ", one model of the ensemble alone",
                    Action.REVIEW,
                    fired);
        }
        fired.sort(Comparator.comparing(FiredRule::action)
                .thenComparing(FiredRule::confidence)
                .reversed());
        Action action = fired.stream().map(FiredRule::action).reduce(Action.ALLOW, Action::strictest);
        String category = fired.isEmpty() ? null : topLevel(fired.getFirst().label());
        return new Verdict(action, category, fired, policy.version(), detector);
    }

    /** Adds a rule for each of {@code labels} that reaches a band, at most {@code ceiling}. */
    private void fire(
            List<ModerationLabel> labels, RuleSet rules, String scope, Action ceiling, List<FiredRule> fired) {
        for (ModerationLabel label : labels) {
            String source = thresholdSource(label.name(), label.parentName(), rules);
            if (source == null || allReportedDescendantsIgnored(label.name(), labels, rules)) {
                continue;
            }
            Thresholds t = rules.thresholds().get(source);
            Action action = t.actionFor(label.confidence());
            if (action == Action.REMOVE && ceiling == Action.REVIEW) {
                action = Action.REVIEW;
            }
            if (action != Action.ALLOW) {
                float threshold = action == Action.REMOVE ? t.remove() : t.review();
                fired.add(new FiredRule(
                        label.name(), label.parentName(), label.confidence(), action, threshold, source, scope));
            }
        }
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
    private boolean allReportedDescendantsIgnored(String name, List<ModerationLabel> reported, RuleSet rules) {
        Taxonomy tx = policy.taxonomy();
        List<String> descendants = reported.stream()
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

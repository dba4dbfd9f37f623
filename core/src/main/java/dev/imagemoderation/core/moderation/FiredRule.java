package dev.imagemoderation.core.moderation;

/**
 * One policy rule that acted on a detected label: enough to audit the decision.
 *
 * @param thresholdLabel the label whose thresholds applied: the label itself or its nearest ancestor named in the policy
 * @param scope {@code policy} or {@code channel C...} when a channel override applied
 */
public record FiredRule(
        String label,
        String parentName,
        float confidence,
        Action action,
        float threshold,
        String thresholdLabel,
        String scope) {}

package dev.imagemoderation.core.moderation;

/**
 * The two confidence bands of a label, on Rekognition's 0-100 scale. Either may be
 * absent; when both are set, review is at or below remove.
 */
public record Thresholds(Float review, Float remove) {

    public Action actionFor(float confidence) {
        if (remove != null && confidence >= remove) {
            return Action.REMOVE;
        }
        if (review != null && confidence >= review) {
            return Action.REVIEW;
        }
        return Action.ALLOW;
    }

    public float lowest() {
        return Math.min(review == null ? 100f : review, remove == null ? 100f : remove);
    }
}

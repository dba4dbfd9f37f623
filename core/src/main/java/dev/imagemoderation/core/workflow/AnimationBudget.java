package dev.imagemoderation.core.workflow;

/**
 * How much of an animation the detector judges: at most {@code maxFrames} frames and
 * {@code maxPixels} pixels in all, as analysed. Each frame is one detector call (a Rekognition
 * charge on AWS), so the budget bounds the cost of a long GIF; which frames is chosen by content.
 * Set in the policy: {@code animation: { maxFrames: 12, maxPixels: 12582912 }}.
 */
public record AnimationBudget(int maxFrames, long maxPixels) {

    /** 12 frames, 12 MP: measured in {@code bench/README.md}. */
    public static final AnimationBudget DEFAULT = new AnimationBudget(12, 12L * 1024 * 1024);

    public AnimationBudget {
        if (maxFrames < 1 || maxPixels < 1) {
            throw new IllegalArgumentException("an animation budget needs at least one frame and one pixel, not "
                    + maxFrames + " and " + maxPixels);
        }
    }
}

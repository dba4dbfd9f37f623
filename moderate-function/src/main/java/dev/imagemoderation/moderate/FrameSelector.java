package dev.imagemoderation.moderate;

import dev.imagemoderation.core.workflow.AnimationBudget;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which frames of an animation the detector judges: chosen by content, not position. The first
 * frame always; then each frame that differs enough from the last one chosen. When there are
 * more of those than the budget allows, the ones that differ most are kept, so that a single
 * frame unlike its neighbours (the way to slip an explicit frame into a harmless loop) is among
 * them however long the animation.
 */
final class FrameSelector {

    /** What was chosen, in frame order, and from how many. */
    record Selection(List<ImagePreparer.Fitted> frames, List<Integer> indexes, int examined, int candidates) {}

    /**
     * Mean absolute difference, on 0–255, between two frames' 16 × 16 RGB thumbnails from which a
     * frame counts as new. A cross-fade or a pan changes a few units a frame; a cut, a flash, or an
     * inserted picture changes tens.
     */
    static final double DIFFERENT = 12.0;

    private static final int SIDE = 16;

    private record Kept(int index, double difference, ImagePreparer.Fitted frame) {}

    private final AnimationBudget budget;
    private final List<Kept> kept = new ArrayList<>();
    private int[] lastChosen;
    private int examined;
    private int candidates;
    private int limit = -1;

    FrameSelector(AnimationBudget budget) {
        this.budget = budget;
    }

    /** Considers a frame as the viewer shows it; one that is kept is encoded as the detector reads it. */
    void offer(int index, BufferedImage shown) throws IOException {
        examined++;
        int[] signature = signature(shown);
        if (lastChosen == null) {
            lastChosen = signature;
            candidates++;
            ImagePreparer.Fitted first = encode(shown);
            long pixels = (long) first.width() * first.height();
            limit = (int) Math.max(1, Math.min(budget.maxFrames(), budget.maxPixels() / Math.max(1, pixels)));
            kept.add(new Kept(index, Double.MAX_VALUE, first));
            return;
        }
        double difference = difference(signature, lastChosen);
        if (difference < DIFFERENT) {
            return;
        }
        lastChosen = signature;
        candidates++;
        if (kept.size() < limit) {
            kept.add(new Kept(index, difference, encode(shown)));
            return;
        }
        Kept weakest = kept.stream()
                .filter(k -> k.difference() != Double.MAX_VALUE)
                .min(Comparator.comparingDouble(Kept::difference))
                .orElse(null);
        if (weakest != null && difference > weakest.difference()) {
            kept.remove(weakest);
            kept.add(new Kept(index, difference, encode(shown)));
        }
    }

    private static ImagePreparer.Fitted encode(BufferedImage shown) throws IOException {
        return ImagePreparer.fitJpeg(ImagePreparer.normalise(shown));
    }

    Selection selection() {
        List<Kept> inOrder =
                kept.stream().sorted(Comparator.comparingInt(Kept::index)).toList();
        return new Selection(
                inOrder.stream().map(Kept::frame).toList(),
                inOrder.stream().map(Kept::index).toList(),
                examined,
                candidates);
    }

    static int[] signature(BufferedImage shown) {
        BufferedImage small = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(java.awt.Color.WHITE); // transparency reads as the white a viewer shows behind it
        g.fillRect(0, 0, SIDE, SIDE);
        g.drawImage(shown, 0, 0, SIDE, SIDE, null);
        g.dispose();
        return small.getRGB(0, 0, SIDE, SIDE, null, 0, SIDE);
    }

    static double difference(int[] a, int[] b) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(((a[i] >> 16) & 0xff) - ((b[i] >> 16) & 0xff));
            sum += Math.abs(((a[i] >> 8) & 0xff) - ((b[i] >> 8) & 0xff));
            sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return sum / (3.0 * a.length);
    }
}

package dev.imagemoderation.detector.internal;

import dev.imagemoderation.core.moderation.ContentType;
import dev.imagemoderation.core.moderation.Detection;
import dev.imagemoderation.core.moderation.ModerationLabel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns nsfwjs's five class probabilities into Rekognition's v7 moderation labels, parents
 * included as Rekognition reports them, confidences on 0-100:
 *
 * <ul>
 *   <li>Porn and Hentai → {@code Explicit Nudity} (L2) and {@code Explicit} (L1), at the larger of the two
 *   <li>Sexy → {@code Non-Explicit Nudity} (L2) under {@code Non-Explicit Nudity of Intimate parts and Kissing}
 *       (L1), and {@code Swimwear or Underwear} (L1): nsfwjs does not tell them apart
 *   <li>Drawing and Hentai → ContentType {@code Illustrated}; Hentai → {@code Animated}
 *   <li>Neutral → nothing
 * </ul>
 *
 * nsfwjs knows nothing of violence, drugs, alcohol, gambling, gestures or hate symbols:
 * those categories never appear, whatever the image.
 */
public final class RekognitionMapping {

    /** Rekognition's default when the request gives no MinConfidence. */
    public static final float DEFAULT_MIN_CONFIDENCE = 50f;

    private RekognitionMapping() {}

    /** @param p probabilities in {@link Classifier#CLASSES} order */
    public static Detection toDetection(float[] p, float minConfidence, String modelVersion) {
        float drawing = p[0] * 100;
        float hentai = p[1] * 100;
        float porn = p[3] * 100;
        float sexy = p[4] * 100;
        float explicit = Math.max(porn, hentai);
        List<ModerationLabel> labels = new ArrayList<>();
        add(labels, minConfidence, new ModerationLabel("Explicit Nudity", "Explicit", explicit, 2));
        add(labels, minConfidence, new ModerationLabel("Explicit", "", explicit, 1));
        add(
                labels,
                minConfidence,
                new ModerationLabel(
                        "Non-Explicit Nudity", "Non-Explicit Nudity of Intimate parts and Kissing", sexy, 2));
        add(
                labels,
                minConfidence,
                new ModerationLabel("Non-Explicit Nudity of Intimate parts and Kissing", "", sexy, 1));
        add(labels, minConfidence, new ModerationLabel("Swimwear or Underwear", "", sexy, 1));
        labels.sort(Comparator.comparing(ModerationLabel::confidence).reversed());
        List<ContentType> types = new ArrayList<>();
        float illustrated = Math.min(100f, drawing + hentai);
        if (illustrated >= minConfidence) {
            types.add(new ContentType("Illustrated", illustrated));
        }
        if (hentai >= minConfidence) {
            types.add(new ContentType("Animated", hentai));
        }
        return new Detection(labels, modelVersion, types);
    }

    private static void add(List<ModerationLabel> labels, float min, ModerationLabel l) {
        if (l.confidence() >= min) {
            labels.add(l);
        }
    }
}

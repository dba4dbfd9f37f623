package dev.imagemoderation.detector.internal;

import dev.imagemoderation.core.moderation.ContentType;
import dev.imagemoderation.core.moderation.Detection;
import dev.imagemoderation.core.moderation.ModerationLabel;
import dev.imagemoderation.core.moderation.SingleModelFlags;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How the ensemble answers from its models' answers (each given with every label, at any
 * confidence):
 *
 * <ul>
 *   <li>each label and content type is reported at the <b>second-highest</b> of the models'
 *       confidences, so a policy band is reached only when two models reach it: one model's
 *       mistake (a cork board at "Porn" 0.84) no longer removes an image;
 *   <li>each label that one model gives above that figure is also reported at that model's
 *       confidence, as {@link SingleModelFlags}; the policy evaluates them with the same
 *       thresholds but lets them send an image to REVIEW only.
 * </ul>
 *
 * Nothing any single model would have flagged goes unseen: if one model alone reaches a
 * band, the highest confidence is that model's, and it is in the flags (or, when a second
 * model agrees, in the reported labels). So the ensemble removes less than any one model
 * and asks for review of everything one model would have acted on.
 */
public final class EnsembleRule {

    private EnsembleRule() {}

    public static Detection combine(List<Detection> perModel, float minConfidence, String version) {
        Map<String, List<ModerationLabel>> byName = group(perModel, Detection::moderationLabels, ModerationLabel::name);
        List<ModerationLabel> labels = new ArrayList<>();
        List<ModerationLabel> flags = new ArrayList<>();
        for (List<ModerationLabel> same : byName.values()) {
            float[] c =
                    confidences(same.stream().map(ModerationLabel::confidence).toList(), perModel.size());
            ModerationLabel first = same.getFirst();
            if (c[1] >= minConfidence) {
                labels.add(new ModerationLabel(first.name(), first.parentName(), c[1], first.taxonomyLevel()));
            }
            if (c[0] > c[1] && c[0] >= minConfidence) {
                flags.add(new ModerationLabel(first.name(), first.parentName(), c[0], first.taxonomyLevel()));
            }
        }
        labels.sort(Comparator.comparing(ModerationLabel::confidence).reversed());
        flags.sort(Comparator.comparing(ModerationLabel::confidence).reversed());
        List<ContentType> types = new ArrayList<>();
        for (List<ContentType> same :
                group(perModel, Detection::contentTypes, ContentType::name).values()) {
            float[] c = confidences(same.stream().map(ContentType::confidence).toList(), perModel.size());
            if (c[1] >= minConfidence) {
                types.add(new ContentType(same.getFirst().name(), c[1]));
            }
        }
        return new Detection(labels, version, types, SingleModelFlags.encode(flags));
    }

    /** Highest first; a model that did not report the item counts as 0. */
    private static float[] confidences(List<Float> reported, int models) {
        float[] c = new float[Math.max(2, models)];
        for (int i = 0; i < reported.size(); i++) {
            c[i] = reported.get(i);
        }
        java.util.Arrays.sort(c);
        float[] desc = new float[c.length];
        for (int i = 0; i < c.length; i++) {
            desc[i] = c[c.length - 1 - i];
        }
        return desc;
    }

    private static <T> Map<String, List<T>> group(
            List<Detection> perModel, Function<Detection, List<T>> items, Function<T, String> name) {
        Map<String, List<T>> byName = new LinkedHashMap<>();
        for (Detection d : perModel) {
            for (T item : items.apply(d)) {
                byName.computeIfAbsent(name.apply(item), k -> new ArrayList<>()).add(item);
            }
        }
        return byName;
    }
}

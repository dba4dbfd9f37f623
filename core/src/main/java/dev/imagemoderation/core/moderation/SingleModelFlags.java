package dev.imagemoderation.core.moderation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.imagemoderation.core.json.Json;
import java.util.List;

/**
 * What one model of an ensemble reported above the ensemble's own figure: each label at the
 * highest confidence any single model gave it, where that is above the confidence the
 * ensemble reports. Carried as a {@link HumanLoopActivation} whose conditions are these
 * labels as JSON. The policy lets them send an image to REVIEW, never to REMOVE.
 */
public final class SingleModelFlags {

    /** The activation reason that marks the hint. */
    public static final String REASON = "EnsembleSingleModel";

    private static final TypeReference<List<ModerationLabel>> LABELS = new TypeReference<>() {};

    private SingleModelFlags() {}

    /** The hint for {@code labels}, or null when there are none. */
    public static HumanLoopActivation encode(List<ModerationLabel> labels) {
        if (labels.isEmpty()) {
            return null;
        }
        try {
            return new HumanLoopActivation(null, List.of(REASON), Json.mapper().writeValueAsString(labels));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("labels are always JSON", e);
        }
    }

    /**
     * The labels a hint carries; none for null, for another activation (Rekognition's own
     * human loops), or for conditions that are not this hint's JSON.
     */
    public static List<ModerationLabel> decode(HumanLoopActivation activation) {
        if (activation == null
                || !activation.reasons().contains(REASON)
                || activation.conditionsEvaluationResults() == null) {
            return List.of();
        }
        try {
            List<ModerationLabel> labels = Json.mapper().readValue(activation.conditionsEvaluationResults(), LABELS);
            return labels == null ? List.of() : List.copyOf(labels);
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }
}

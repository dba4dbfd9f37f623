package dev.imagemoderation.detector;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What {@code DETECTOR_MODEL} and {@code --model} name: one of the three models, or
 * {@code ensemble}, all three with the rule of {@link LocalDetector#detect}.
 */
public record DetectorSetup(String id, List<Model> models) {

    public static final String ENSEMBLE_ID = "ensemble";

    public static final DetectorSetup ENSEMBLE = new DetectorSetup(ENSEMBLE_ID, List.of(Model.values()));

    public DetectorSetup {
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("a detector needs a model");
        }
    }

    public static DetectorSetup of(Model model) {
        return new DetectorSetup(model.id(), List.of(model));
    }

    public boolean isEnsemble() {
        return models.size() > 1;
    }

    /**
     * What {@code ModerationModelVersion} says: the model's version, or for the ensemble its
     * rule and its parts, e.g. {@code ensemble-second-highest(nsfwjs-mobilenet_v2-4.4.0,...)}.
     */
    public String version() {
        return isEnsemble()
                ? "ensemble-second-highest("
                        + models.stream().map(Model::version).collect(Collectors.joining(",")) + ")"
                : models.getFirst().version();
    }

    /** The ids there are, for messages: "ensemble, mobilenet_v2, mobilenet_v2_mid, inception_v3". */
    public static String ids() {
        return Stream.concat(
                        Stream.of(ENSEMBLE_ID), Arrays.stream(Model.values()).map(Model::id))
                .collect(Collectors.joining(", "));
    }

    public static Optional<DetectorSetup> byId(String id) {
        if (ENSEMBLE_ID.equals(id)) {
            return Optional.of(ENSEMBLE);
        }
        return Model.byId(id).map(DetectorSetup::of);
    }
}

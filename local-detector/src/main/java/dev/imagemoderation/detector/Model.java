package dev.imagemoderation.detector;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The three nsfwjs 4.4.0 models, by the names nsfwjs gives them. */
public enum Model {
    MOBILENET_V2("mobilenet_v2", 224),
    MOBILENET_V2_MID("mobilenet_v2_mid", 224),
    INCEPTION_V3("inception_v3", 299);

    private final String id;
    private final int size;

    Model(String id, int size) {
        this.id = id;
        this.size = size;
    }

    public String id() {
        return id;
    }

    public int size() {
        return size;
    }

    /** What {@code ModerationModelVersion} says, e.g. {@code nsfwjs-mobilenet_v2-4.4.0}. */
    public String version() {
        return "nsfwjs-" + id + "-4.4.0";
    }

    /** The ids there are, for messages: "mobilenet_v2, mobilenet_v2_mid, inception_v3". */
    public static String ids() {
        return Arrays.stream(values()).map(Model::id).collect(Collectors.joining(", "));
    }

    public static Optional<Model> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }
}

package dev.imagemoderation.core.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagemoderation.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Amazon Rekognition's moderation label hierarchy (top-level, second- and third-level
 * labels) as data, for one taxonomy version. Version 7 is current; version 6 is kept
 * so that a policy written for it still loads, and only such a policy may use its names.
 */
public final class Taxonomy {

    /** A label of the hierarchy; {@code parent} is null at level 1. */
    public record Label(String name, String parent, int level) {}

    private static final Map<String, Taxonomy> BY_VERSION = Map.of("7", load("7"), "6", load("6"));

    private final String version;
    private final Map<String, Label> labels;
    private final Set<String> contentTypes;

    private Taxonomy(String version, Map<String, Label> labels, Set<String> contentTypes) {
        this.version = version;
        this.labels = Collections.unmodifiableMap(labels);
        this.contentTypes = Set.copyOf(contentTypes);
    }

    public static Taxonomy v7() {
        return BY_VERSION.get("7");
    }

    public static Optional<Taxonomy> forVersion(String version) {
        return Optional.ofNullable(BY_VERSION.get(version));
    }

    public String version() {
        return version;
    }

    public Optional<Label> label(String name) {
        return Optional.ofNullable(labels.get(name));
    }

    public Map<String, Label> labels() {
        return labels;
    }

    public Set<String> contentTypes() {
        return contentTypes;
    }

    /** The label's parent, grandparent, ... nearest first; empty for an unknown label. */
    public List<String> ancestors(String name) {
        List<String> result = new ArrayList<>();
        Label l = labels.get(name);
        while (l != null && l.parent() != null) {
            result.add(l.parent());
            l = labels.get(l.parent());
        }
        return result;
    }

    public boolean isAncestor(String ancestor, String of) {
        return ancestors(of).contains(ancestor);
    }

    private static Taxonomy load(String version) {
        String path = "taxonomy-v" + version + ".json";
        try (InputStream in = Taxonomy.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("not on the class path");
            }
            JsonNode root = Json.mapper().readTree(in);
            Map<String, Label> labels = new LinkedHashMap<>();
            root.path("labels").properties().forEach(l1 -> {
                labels.put(l1.getKey(), new Label(l1.getKey(), null, 1));
                l1.getValue().properties().forEach(l2 -> {
                    // Some categories repeat their own name one level down (Gambling/Gambling): one label.
                    if (!l2.getKey().equals(l1.getKey())) {
                        labels.put(l2.getKey(), new Label(l2.getKey(), l1.getKey(), 2));
                    }
                    l2.getValue().forEach(l3 -> labels.put(l3.asText(), new Label(l3.asText(), l2.getKey(), 3)));
                });
            });
            List<String> contentTypes = new ArrayList<>();
            root.path("contentTypes").forEach(c -> contentTypes.add(c.asText()));
            return new Taxonomy(version, labels, Set.copyOf(contentTypes));
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("taxonomy resource " + path + " unreadable", e));
        }
    }
}

package dev.imagemoderation.core.moderation;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Rekognition's {@code ContentTypes} entry: whether the image is animated or illustrated. */
public record ContentType(
        @JsonProperty("Name") String name,
        @JsonProperty("Confidence") float confidence) {}

package dev.imagemoderation.core.moderation;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One label exactly as Rekognition's {@code DetectModerationLabels} returns it (v7 shape). */
public record ModerationLabel(
        @JsonProperty("Name") String name,
        @JsonProperty("ParentName") String parentName,
        @JsonProperty("Confidence") float confidence,
        @JsonProperty("TaxonomyLevel") Integer taxonomyLevel) {}

package dev.imagemoderation.core.moderation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A {@code DetectModerationLabels} response in Rekognition's exact shape, whichever
 * detector produced it (Rekognition, or the local model answering like it).
 */
public record Detection(
        @JsonProperty("ModerationLabels") List<ModerationLabel> moderationLabels,
        @JsonProperty("ModerationModelVersion") String moderationModelVersion,
        @JsonProperty("ContentTypes") List<ContentType> contentTypes) {

    public Detection {
        moderationLabels = moderationLabels == null ? List.of() : List.copyOf(moderationLabels);
        contentTypes = contentTypes == null ? List.of() : List.copyOf(contentTypes);
    }
}

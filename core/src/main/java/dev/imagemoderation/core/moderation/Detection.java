package dev.imagemoderation.core.moderation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A {@code DetectModerationLabels} response in Rekognition's exact shape, whichever
 * detector produced it (Rekognition, or the local model answering like it).
 *
 * @param humanLoopActivation null unless the detector asks for a person's look: the local
 *     ensemble's {@link SingleModelFlags}
 */
public record Detection(
        @JsonProperty("ModerationLabels") List<ModerationLabel> moderationLabels,
        @JsonProperty("ModerationModelVersion") String moderationModelVersion,
        @JsonProperty("ContentTypes") List<ContentType> contentTypes,

        @JsonProperty("HumanLoopActivationOutput") @JsonInclude(JsonInclude.Include.NON_NULL)
        HumanLoopActivation humanLoopActivation) {

    public Detection {
        moderationLabels = moderationLabels == null ? List.of() : List.copyOf(moderationLabels);
        contentTypes = contentTypes == null ? List.of() : List.copyOf(contentTypes);
    }

    public Detection(
            List<ModerationLabel> moderationLabels, String moderationModelVersion, List<ContentType> contentTypes) {
        this(moderationLabels, moderationModelVersion, contentTypes, null);
    }
}

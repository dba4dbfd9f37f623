package dev.imagemoderation.core.moderation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Rekognition's {@code HumanLoopActivationOutput}: that, and why, an image should go to a
 * person. Rekognition fills it only for a request with a human-loop configuration, which this
 * bot never sends; the local detector's ensemble uses it to say what one of its models alone
 * reported ({@link SingleModelFlags}), so that the hint reaches the policy through the real
 * SDK unchanged.
 */
public record HumanLoopActivation(
        @JsonProperty("HumanLoopArn") String humanLoopArn,
        @JsonProperty("HumanLoopActivationReasons") List<String> reasons,

        @JsonProperty("HumanLoopActivationConditionsEvaluationResults")
        String conditionsEvaluationResults) {

    public HumanLoopActivation {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
}

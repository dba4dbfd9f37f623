package dev.imagemoderation.detector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagemoderation.core.moderation.Action;
import dev.imagemoderation.core.moderation.ContentType;
import dev.imagemoderation.core.moderation.Detection;
import dev.imagemoderation.core.moderation.ModerationLabel;
import dev.imagemoderation.core.moderation.PolicyEvaluator;
import dev.imagemoderation.core.moderation.PolicyLoader;
import dev.imagemoderation.core.moderation.SingleModelFlags;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ensemble's rule on three stub models, each given as its "Porn" probability (the rest
 * Neutral), through the default policy (Explicit: review 50, remove 80).
 */
class EnsembleRuleTest {

    private static final PolicyEvaluator DEFAULT = new PolicyEvaluator(PolicyLoader.preset("default"));

    @ParameterizedTest(name = "{0} / {1} / {2} -> {3} at {4}")
    @CsvSource({
        // model A, B, C ("Porn") | action | Explicit as reported | highest single-model flag
        "0.95, 0.02, 0.01, REVIEW, 2,  95", //  one high: one model's mistake is reviewed, not removed
        "0.95, 0.90, 0.01, REMOVE, 90, 95", //  two high: they agree, it goes
        "0.95, 0.90, 0.85, REMOVE, 90, 95", //  all high
        "0.60, 0.10, 0.05, REVIEW, 10, 60", //  review band only, one model
        "0.02, 0.60, 0.01, REVIEW, 2,  60", //  whichever model it is
        "0.10, 0.05, 0.02, ALLOW,  5,  10" //   none reaches a band
    })
    void aLabel_isReportedAtTheSecondHighest_andOneModelAloneCanOnlySendItToReview(
            float a, float b, float c, Action expected, float reported, float flag) {
        Detection d = EnsembleRule.combine(List.of(porn(a), porn(b), porn(c)), 0f, "ensemble-test");

        assertThat(confidence(d.moderationLabels(), "Explicit"))
                .isCloseTo(reported, org.assertj.core.data.Offset.offset(0.01f));
        assertThat(confidence(SingleModelFlags.decode(d.humanLoopActivation()), "Explicit"))
                .isCloseTo(flag, org.assertj.core.data.Offset.offset(0.01f));
        assertThat(DEFAULT.evaluate("C1", d, d.moderationModelVersion()).action())
                .isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void whenTheModelsAgree_thereIsNoHint_andMinConfidenceStillApplies() {
        Detection d = EnsembleRule.combine(List.of(porn(0.7f), porn(0.7f), porn(0.7f)), 50f, "v");

        assertThat(d.humanLoopActivation()).isNull();
        assertThat(d.moderationLabels())
                .extracting(ModerationLabel::name)
                .containsExactly("Explicit Nudity", "Explicit")
                .as("Neutral's labels at 0 are under MinConfidence");
        assertThat(d.moderationModelVersion()).isEqualTo("v");
    }

    @org.junit.jupiter.api.Test
    void contentTypes_takeTheSecondHighestToo() {
        // Drawing 0.9 on two models, 0.1 on the third: the image is Illustrated.
        Detection drawn = drawing(0.9f, 0.9f, 0.1f);
        Detection oneSaysDrawn = drawing(0.9f, 0.1f, 0.1f);

        assertThat(drawn.contentTypes()).extracting(ContentType::name).containsExactly("Illustrated");
        assertThat(oneSaysDrawn.contentTypes()).isEmpty();
    }

    private static Detection drawing(float a, float b, float c) {
        return EnsembleRule.combine(
                List.of(
                        probabilities(a, 0, 1 - a, 0, 0),
                        probabilities(b, 0, 1 - b, 0, 0),
                        probabilities(c, 0, 1 - c, 0, 0)),
                50f,
                "v");
    }

    private static Detection porn(float p) {
        return probabilities(0, 0, 1 - p, p, 0);
    }

    private static Detection probabilities(float drawing, float hentai, float neutral, float porn, float sexy) {
        return RekognitionMapping.toDetection(new float[] {drawing, hentai, neutral, porn, sexy}, 0f, "stub");
    }

    private static float confidence(List<ModerationLabel> labels, String name) {
        return labels.stream()
                .filter(l -> l.name().equals(name))
                .map(ModerationLabel::confidence)
                .findFirst()
                .orElse(0f);
    }
}

package dev.imagemoderation.detector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagemoderation.core.moderation.ModerationLabel;
import dev.imagemoderation.core.moderation.PolicyEvaluator;
import dev.imagemoderation.core.moderation.PolicyLoader;
import org.junit.jupiter.api.Test;

class RekognitionMappingTest {

    private static float[] p(float drawing, float hentai, float neutral, float porn, float sexy) {
        return new float[] {drawing, hentai, neutral, porn, sexy};
    }

    @Test
    void porn_isExplicitNudityUnderExplicit_andTheDefaultPolicyRemovesIt() {
        var d = RekognitionMapping.toDetection(p(0, 0.01f, 0.04f, 0.93f, 0.02f), 50, "nsfwjs-mobilenet_v2-4.4.0");

        assertThat(d.moderationLabels())
                .extracting(ModerationLabel::name)
                .containsExactly("Explicit Nudity", "Explicit");
        assertThat(d.moderationLabels().getFirst().confidence()).isEqualTo(93f);
        assertThat(new PolicyEvaluator(PolicyLoader.preset("default"))
                        .evaluate("C1", d, "local")
                        .action()
                        .name())
                .isEqualTo("REMOVE");
    }

    @Test
    void hentai_isExplicit_andIllustratedAndAnimated() {
        var d = RekognitionMapping.toDetection(p(0.2f, 0.75f, 0.05f, 0, 0), 50, "v");

        assertThat(d.moderationLabels())
                .extracting(ModerationLabel::name)
                .containsExactly("Explicit Nudity", "Explicit");
        assertThat(d.contentTypes()).extracting("name").containsExactly("Illustrated", "Animated");
    }

    @Test
    void sexy_isNonExplicitNudityAndSwimwear_andGoesToReview() {
        var d = RekognitionMapping.toDetection(p(0, 0, 0.08f, 0.02f, 0.9f), 50, "v");

        assertThat(d.moderationLabels())
                .extracting(ModerationLabel::name)
                .containsExactlyInAnyOrder(
                        "Non-Explicit Nudity",
                        "Non-Explicit Nudity of Intimate parts and Kissing",
                        "Swimwear or Underwear");
        assertThat(new PolicyEvaluator(PolicyLoader.preset("default"))
                        .evaluate("C1", d, "local")
                        .action()
                        .name())
                .isEqualTo("REVIEW");
    }

    @Test
    void neutralAndDrawing_haveNoLabels_drawingIsIllustrated() {
        var d = RekognitionMapping.toDetection(p(0.7f, 0, 0.3f, 0, 0), 50, "v");

        assertThat(d.moderationLabels()).isEmpty();
        assertThat(d.contentTypes()).extracting("name").containsExactly("Illustrated");
    }
}

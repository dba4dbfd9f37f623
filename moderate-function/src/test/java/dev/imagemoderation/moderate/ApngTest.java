package dev.imagemoderation.moderate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagemoderation.core.workflow.FetchReason;
import dev.imagemoderation.testkit.images.TestImages;
import dev.imagemoderation.testkit.images.TestImages.ApngFrame;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Animated PNGs, rebuilt frame by frame as the APNG specification composes them. */
class ApngTest {

    private static final Color GREY = new Color(128, 128, 128);
    private static final Color RED = new Color(220, 20, 20);
    private static final Color BLUE = new Color(20, 20, 220);

    @Test
    void framesAreComposited_withTheirOffsets_blendAndDisposeOperations() throws Exception {
        byte[] apng = TestImages.apng(
                100,
                100,
                List.of(
                        ApngFrame.full(TestImages.solid(100, 100, GREY)),
                        new ApngFrame(
                                TestImages.solid(20, 20, RED),
                                40,
                                40,
                                ApngFrame.DISPOSE_BACKGROUND,
                                ApngFrame.BLEND_OVER),
                        new ApngFrame(
                                TestImages.solid(20, 20, BLUE), 0, 0, ApngFrame.DISPOSE_PREVIOUS, ApngFrame.BLEND_OVER),
                        new ApngFrame(
                                TestImages.solid(10, 10, RED),
                                90,
                                90,
                                ApngFrame.DISPOSE_NONE,
                                ApngFrame.BLEND_SOURCE)));
        assertThat(Apng.isAnimated(apng)).isTrue();
        List<BufferedImage> shown = new ArrayList<>();

        int frames = Apng.compose(apng, 100, 100, 10, (i, canvas) -> shown.add(AnimationCanvas.copy(canvas)));

        assertThat(frames).isEqualTo(4);
        assertThat(rgb(shown.get(0), 50, 50)).isEqualTo(GREY);
        assertThat(rgb(shown.get(1), 50, 50)).as("over the grey").isEqualTo(RED);
        assertThat(alpha(shown.get(2), 50, 50))
                .as("the red square's region cleared to the background")
                .isZero();
        assertThat(rgb(shown.get(2), 10, 10)).isEqualTo(BLUE);
        assertThat(rgb(shown.get(3), 10, 10))
                .as("the blue square's frame restored the canvas as it was before it")
                .isEqualTo(GREY);
        assertThat(rgb(shown.get(3), 95, 95)).isEqualTo(RED);
    }

    @Test
    void oneExplicitFrameAmongSixty_isAmongTheFramesJudged() throws Exception {
        List<ApngFrame> frames = IntStream.range(0, 60)
                .mapToObj(
                        i -> ApngFrame.full(i == 40 ? TestImages.solid(160, 120, RED) : TestImages.drift(160, 120, i)))
                .toList();

        PreparedImage prepared = new ImagePreparer().prepare(TestImages.apng(160, 120, frames), null);

        assertThat(prepared.framesTotal()).isEqualTo(60);
        assertThat(prepared.frames()).isLessThan(60);
        assertThat(prepared.analysed().stream()
                        .map(TestImages::decode)
                        .filter(f ->
                                rgb(f, 80, 60).getRed() > 180 && rgb(f, 80, 60).getGreen() < 80))
                .hasSize(1);
    }

    @Test
    void aStillPng_isNotAnAnimation_andAFrameOutsideTheCanvas_isRefused() {
        assertThat(Apng.isAnimated(TestImages.png(50, 50))).isFalse();
        byte[] outside = TestImages.apng(
                50,
                50,
                List.of(
                        ApngFrame.full(TestImages.solid(50, 50, GREY)),
                        new ApngFrame(
                                TestImages.solid(20, 20, RED), 40, 40, ApngFrame.DISPOSE_NONE, ApngFrame.BLEND_OVER)));

        assertThatThrownBy(() -> new ImagePreparer().prepare(outside, null))
                .isInstanceOfSatisfying(
                        ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(FetchReason.ImageTooLarge))
                .hasMessageContaining("outside its 50 × 50 canvas");
    }

    private static Color rgb(BufferedImage image, int x, int y) {
        return new Color(image.getRGB(x, y) & 0xffffff);
    }

    private static int alpha(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) >>> 24;
    }
}

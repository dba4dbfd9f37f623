package dev.imagemoderation.moderate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagemoderation.testkit.images.TestImages;
import dev.imagemoderation.testkit.images.TestImages.WebpFrame;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;

/** Animated WebP: TwelveMonkeys decodes each frame's rectangle; the ANMF chunks place it. */
class AnimatedWebpTest {

    @Test
    void framesAreComposited_atTheirOffsets_withBlendAndDispose() throws Exception {
        byte[] webp = TestImages.animatedWebp(
                100,
                100,
                List.of(
                        new WebpFrame(0, 0, 100, 100, Color.GRAY, false, false),
                        new WebpFrame(40, 40, 20, 20, Color.RED, true, true),
                        new WebpFrame(0, 0, 20, 20, Color.BLUE, true, false)));
        assertThat(AnimatedWebp.isAnimated(webp)).isTrue();
        assertThat(AnimatedWebp.isAnimated(TestImages.webp(50, 50, Color.GRAY))).isFalse();
        List<BufferedImage> shown = new ArrayList<>();

        int frames;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(webp))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            frames = AnimatedWebp.compose(webp, reader, 100, 100, 10, (i, c) -> shown.add(AnimationCanvas.copy(c)));
        }

        assertThat(frames).isEqualTo(3);
        assertThat(new Color(shown.get(1).getRGB(50, 50))).isEqualTo(Color.RED);
        assertThat(new Color(shown.get(1).getRGB(10, 10)))
                .as("blended over the grey")
                .isEqualTo(Color.GRAY);
        assertThat(shown.get(2).getRGB(50, 50) >>> 24)
                .as("the red frame disposed to the background")
                .isZero();
        assertThat(new Color(shown.get(2).getRGB(10, 10))).isEqualTo(Color.BLUE);
    }

    @Test
    void oneExplicitFrameAmongForty_isAmongTheFramesJudged() throws Exception {
        // A grey stage, then a small square moving two pixels a frame; frame 30 fills the canvas red.
        List<WebpFrame> frames = Stream.concat(
                        Stream.of(new WebpFrame(0, 0, 160, 120, Color.LIGHT_GRAY, false, false)),
                        IntStream.range(1, 40)
                                .mapToObj(i -> i == 30
                                        ? new WebpFrame(0, 0, 160, 120, new Color(220, 20, 20), false, true)
                                        : new WebpFrame(2 * i, 50, 12, 12, Color.BLUE, true, true)))
                .toList();

        PreparedImage prepared = new ImagePreparer().prepare(TestImages.animatedWebp(160, 120, frames), null);

        assertThat(prepared.framesTotal()).isEqualTo(40);
        assertThat(prepared.frames()).isLessThan(40);
        assertThat(prepared.analysed().stream()
                        .map(TestImages::decode)
                        .filter(f -> new Color(f.getRGB(80, 60)).getRed() > 180
                                && new Color(f.getRGB(80, 60)).getGreen() < 80))
                .hasSize(1);
    }
}

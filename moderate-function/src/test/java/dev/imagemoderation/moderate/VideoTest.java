package dev.imagemoderation.moderate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagemoderation.core.moderation.Action;
import dev.imagemoderation.core.moderation.ModerationLabel;
import dev.imagemoderation.core.workflow.FetchReason;
import dev.imagemoderation.core.workflow.FileScan;
import dev.imagemoderation.core.workflow.ImageFetch;
import dev.imagemoderation.testkit.images.TestImages;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Videos are moderated on sampled frames: the strictest frame decides. */
class VideoTest {

    private static final ModerationLabel EXPLICIT = new ModerationLabel("Explicit Nudity", "Explicit", 97f, 2);
    private static ModerateFixture fx;

    @BeforeAll
    static void start() {
        fx = new ModerateFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @BeforeEach
    void reset() {
        fx.rekognition.reset();
    }

    private FileScan fetched(String id, byte[] bytes) {
        return fx.moderation.fetch().fetch(ModerateFixture.scan(fx.share(id, "video/mp4", "mp4", bytes, 160, 120)));
    }

    @Test
    void aVideoWithOneExplicitScene_isRemoved_andTheScanSaysHowManyFramesWereJudged() {
        // 20 s at 10 frames a second; seconds 11 to 14 are the explicit scene.
        byte[] video = TestImages.mp4(
                200,
                10,
                i -> i >= 110 && i < 140
                        ? TestImages.solid(160, 120, new Color(220, 20, 20))
                        : TestImages.drift(160, 120, i));
        fx.rekognition.judgeContent(
                fx.s3Client, image -> isRed(image) ? List.of(EXPLICIT) : List.<ModerationLabel>of());

        FileScan scan = fetched("F0VIDEO01", video);
        FileScan out = fx.moderation.detect().detect(scan);

        assertThat(scan.image().status()).as(scan.image().detail()).isEqualTo(ImageFetch.Status.FETCHED);
        assertThat(scan.image().contentType()).isEqualTo("video/mp4");
        assertThat(scan.image().framesTotal()).isEqualTo(200);
        assertThat(scan.image().framesAnalysed()).isBetween(2, 12);
        assertThat(scan.image().originalKey())
                .as("the video itself is kept for a restore")
                .isNotNull();
        assertThat(out.verdict().action()).isEqualTo(Action.REMOVE);
    }

    @Test
    void aCalmVideo_isJudgedOnFewFrames_andAllowed() {
        byte[] video = TestImages.mp4(100, 10, i -> TestImages.drift(160, 120, i));
        fx.rekognition.judgeContent(
                fx.s3Client, image -> isRed(image) ? List.of(EXPLICIT) : List.<ModerationLabel>of());

        FileScan scan = fetched("F0VIDEO02", video);

        assertThat(scan.image().framesAnalysed()).isLessThanOrEqualTo(3);
        assertThat(fx.moderation.detect().detect(scan).verdict().action()).isEqualTo(Action.ALLOW);
    }

    @Test
    void aVideoThatDoesNotDecode_goesToTheModerators() {
        byte[] real = TestImages.mp4(20, 10, i -> TestImages.drift(160, 120, i));
        // The container's first box intact, everything after it noise.
        byte[] broken = Arrays.copyOf(real, real.length);
        for (int i = 64; i < broken.length; i++) {
            broken[i] = (byte) (i * 31);
        }
        byte[] text = "not a video at all".getBytes(StandardCharsets.UTF_8);

        FileScan unreadable = fetched("F0VIDEO03", broken);
        FileScan lying = fetched("F0VIDEO04", text);

        assertThat(unreadable.image().status()).isEqualTo(ImageFetch.Status.UNSCANNABLE);
        assertThat(unreadable.image().reason()).isIn(FetchReason.UnsupportedFormat, FetchReason.Corrupt);
        assertThat(lying.image().reason()).isEqualTo(FetchReason.TypeMismatch);
        assertThat(fx.moderation.detect().detect(unreadable).verdict().action()).isEqualTo(Action.REVIEW);
    }

    private static boolean isRed(BufferedImage image) {
        int rgb = image.getRGB(image.getWidth() / 2, image.getHeight() / 2);
        return ((rgb >> 16) & 0xff) > 180 && ((rgb >> 8) & 0xff) < 80;
    }
}

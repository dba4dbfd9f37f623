package dev.imagemoderation.moderate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagemoderation.core.errors.DetectorRejectedImageException;
import dev.imagemoderation.core.errors.DetectorThrottledException;
import dev.imagemoderation.core.metrics.ModerationMetrics;
import dev.imagemoderation.core.moderation.Action;
import dev.imagemoderation.core.moderation.ModerationLabel;
import dev.imagemoderation.core.moderation.PolicyLoader;
import dev.imagemoderation.core.moderation.SingleModelFlags;
import dev.imagemoderation.core.slack.SlackFile;
import dev.imagemoderation.core.slack.Thumbnail;
import dev.imagemoderation.core.workflow.AnimationBudget;
import dev.imagemoderation.core.workflow.FetchReason;
import dev.imagemoderation.core.workflow.FileScan;
import dev.imagemoderation.core.workflow.ImageFetch;
import dev.imagemoderation.testkit.images.TestImages;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DetectLabels through the real RekognitionClient against the Rekognition protocol server. */
class DetectLabelsTest {

    private static final ModerationLabel[] EXPLICIT = {
        new ModerationLabel("Exposed Female Nipple", "Explicit Nudity", 96.4f, 3),
        new ModerationLabel("Explicit Nudity", "Explicit", 96.4f, 2),
        new ModerationLabel("Explicit", "", 96.4f, 1)
    };

    private static ModerateFixture fx;
    private int callsBefore;

    @BeforeAll
    static void start() {
        fx = new ModerateFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @BeforeEach
    void mark() {
        fx.rekognition.reset();
        callsBefore = fx.rekognition.calls().size();
    }

    private java.util.List<dev.imagemoderation.awsjson.AwsJsonServer.Call> calls() {
        var all = fx.rekognition.calls();
        return all.subList(callsBefore, all.size());
    }

    private FileScan fetched(String id, byte[] bytes, String mimetype, String filetype) {
        return fx.moderation.fetch().fetch(ModerateFixture.scan(fx.share(id, mimetype, filetype, bytes, 300, 200)));
    }

    @Test
    void explicitLabels_removeWithTheRulesThatFired_andMinConfidenceFromPolicy() {
        fx.rekognition.labels("F0DETECT01", EXPLICIT);
        FileScan scan = fetched("F0DETECT01", TestImages.jpeg(300, 200), "image/jpeg", "jpg");

        FileScan out = fx.moderation.detect().detect(scan);

        assertThat(out.verdict().action()).isEqualTo(Action.REMOVE);
        assertThat(out.verdict().category()).isEqualTo("Explicit");
        assertThat(out.verdict().rules()).extracting("label").contains("Exposed Female Nipple");
        assertThat(out.detection().moderationLabels()).hasSize(3);
        assertThat(out.detection().moderationModelVersion()).isEqualTo("7.0");
        var call = calls().getFirst().body();
        assertThat(call.path("MinConfidence").asDouble()).isEqualTo(50.0);
        assertThat(call.path("Image").path("S3Object").path("Bucket").asText()).isEqualTo(ModerateFixture.BUCKET);
        assertThat(call.path("Image").path("S3Object").path("Name").asText())
                .isEqualTo(scan.image().analysedKeys().getFirst());
    }

    /** The local ensemble's hint: one model alone flagged it, through the real SDK. */
    @Test
    void aSingleModelFlag_sendsAnImageTheEnsembleAllowsToReview() {
        fx.rekognition.humanLoop(
                "F0ONEMODEL",
                SingleModelFlags.encode(List.of(new ModerationLabel("Explicit Nudity", "Explicit", 92f, 2))));
        FileScan scan = fetched("F0ONEMODEL", TestImages.jpeg(300, 200), "image/jpeg", "jpg");

        FileScan out = fx.moderation.detect().detect(scan);

        assertThat(out.verdict().action()).isEqualTo(Action.REVIEW);
        assertThat(out.verdict().rules())
                .singleElement()
                .satisfies(r -> assertThat(r.scope()).isEqualTo("policy, one model of the ensemble alone"));
        assertThat(SingleModelFlags.decode(out.detection().humanLoopActivation()))
                .extracting(ModerationLabel::name)
                .containsExactly("Explicit Nudity");
    }

    @Test
    void noLabels_allow() {
        FileScan out =
                fx.moderation.detect().detect(fetched("F0CLEAN001", TestImages.png(300, 200), "image/png", "png"));

        assertThat(out.verdict().action()).isEqualTo(Action.ALLOW);
        assertThat(out.verdict().rules()).isEmpty();
        assertThat(out.verdict().policyVersion()).startsWith("default@");
    }

    @Test
    void animatedGif_strictestFrameDecides() {
        FileScan scan = fetched("F0GIFMIX01", TestImages.animatedGif(120, 100, 5), "image/gif", "gif");
        fx.rekognition.labels("F0GIFMIX01/analysed-1", EXPLICIT);

        FileScan out = fx.moderation.detect().detect(scan);

        assertThat(calls()).hasSize(scan.image().framesAnalysed()).hasSizeGreaterThan(1);
        assertThat(out.verdict().action()).isEqualTo(Action.REMOVE);
    }

    /**
     * 200 frames of a calm loop with one explicit frame at 117: judged by content, it is among the
     * few frames the detector sees. The stand-in decides by what each analysed JPEG shows (a red
     * frame is "explicit"), so it cannot be told which frame to flag by its name.
     */
    @Test
    void aGifWithOneExplicitFrameAmong200_isCaught_andTheScanSaysHowManyFramesWereJudged() {
        fx.rekognition.judgeContent(
                fx.s3Client, image -> isRed(image) ? List.of(EXPLICIT) : List.<ModerationLabel>of());
        FileScan scan = fetched("F0GIF200", calmLoopWithOneRedFrame(200, 117), "image/gif", "gif");

        FileScan out = fx.moderation.detect().detect(scan);

        assertThat(out.verdict().action()).isEqualTo(Action.REMOVE);
        assertThat(scan.image().framesTotal()).isEqualTo(200);
        assertThat(scan.image().framesAnalysed())
                .as("the first frame, and the red one with the frame after it")
                .isBetween(2, AnimationBudget.DEFAULT.maxFrames());
        assertThat(calls()).hasSize(scan.image().framesAnalysed());
    }

    /** More changes than the budget allows: the frames that differ most are judged, the red one among them. */
    @Test
    void overBudget_theFramesThatDifferMost_areJudged() throws Exception {
        byte[] gif = TestImages.animatedGif(160, 120, 60, i -> {
            // A new scene every 3 frames, each a little different from the last; frame 40 is the outlier.
            int shade = 90 + (i / 3) * 6;
            return TestImages.solid(160, 120, i == 40 ? new Color(220, 20, 20) : new Color(shade, shade, shade));
        });
        PreparedImage prepared = new ImagePreparer(new AnimationBudget(3, Long.MAX_VALUE)).prepare(gif, null);

        assertThat(prepared.frames()).isEqualTo(3);
        assertThat(prepared.framesTotal()).isEqualTo(60);
        assertThat(prepared.analysed().stream().map(DetectLabelsTest::decode).filter(DetectLabelsTest::isRed))
                .as("the red frame is among the three judged")
                .hasSize(1);
    }

    /** Too many frames to examine: not scanned, so a moderator looks, rather than a frame hiding past the end. */
    @Test
    void aGifWithMoreFramesThanAreExamined_isUnscannable_andSoReviewed() {
        byte[] gif = TestImages.animatedGif(
                80, 80, ImagePreparer.MAX_ANIMATION_FRAMES + 1, i -> TestImages.solid(80, 80, Color.GRAY));
        FileScan scan = fetched("F0GIFLONG", gif, "image/gif", "gif");

        assertThat(scan.image().reason()).isEqualTo(FetchReason.ImageTooLarge);
        assertThat(scan.image().detail()).contains("2001 frames");
        assertThat(fx.moderation.detect().detect(scan).verdict().action()).isEqualTo(Action.REVIEW);
    }

    // Videos: sampled frames, the strictest decides.

    private static final ModerationLabel EXPLICIT_NUDITY = new ModerationLabel("Explicit Nudity", "Explicit", 97f, 2);

    private FileScan fetchedVideo(String id, byte[] bytes) {
        return fetched(id, bytes, "video/mp4", "mp4");
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
                fx.s3Client, image -> isRed(image) ? List.of(EXPLICIT_NUDITY) : List.<ModerationLabel>of());

        FileScan scan = fetchedVideo("F0VIDEO01", video);
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

    /** What the channel shows before anyone presses play is judged too, beside the sampled frames. */
    @Test
    void aCalmVideoWithAnExplicitPosterFrame_isRemoved() {
        byte[] video = TestImages.mp4(100, 10, i -> TestImages.drift(160, 120, i));
        fx.rekognition.judgeContent(
                fx.s3Client, image -> isRed(image) ? List.of(EXPLICIT_NUDITY) : List.<ModerationLabel>of());
        SlackFile shared = fx.share("F0POSTER01", "video/mp4", "mp4", video, 160, 120);
        fx.workspace
                .findFile("F0POSTER01")
                .orElseThrow()
                .videoPoster(TestImages.encode(TestImages.solid(160, 120, new Color(220, 20, 20)), "jpg"), 160, 120);
        SlackFile withPoster = new SlackFile(
                shared.id(),
                shared.name(),
                shared.mimetype(),
                shared.filetype(),
                shared.size(),
                shared.mode(),
                shared.fileAccess(),
                shared.urlPrivate(),
                shared.originalW(),
                shared.originalH(),
                shared.thumbs(),
                new Thumbnail(fx.slack.videoPosterUrl("F0POSTER01"), 160, 120));

        FileScan scan = fx.moderation.fetch().fetch(ModerateFixture.scan(withPoster));
        FileScan out = fx.moderation.detect().detect(scan);

        assertThat(scan.image().framesAnalysed())
                .as("the poster, then the sampled frames")
                .isBetween(2, 4);
        assertThat(out.verdict().action()).isEqualTo(Action.REMOVE);
        assertThat(fetched("F0POSTER02", video, "video/mp4", "mp4").image().framesAnalysed())
                .as("the same video without a poster")
                .isEqualTo(scan.image().framesAnalysed() - 1);
    }

    @Test
    void aCalmVideo_isJudgedOnFewFrames_andAllowed() {
        byte[] video = TestImages.mp4(100, 10, i -> TestImages.drift(160, 120, i));
        fx.rekognition.judgeContent(
                fx.s3Client, image -> isRed(image) ? List.of(EXPLICIT_NUDITY) : List.<ModerationLabel>of());

        FileScan scan = fetchedVideo("F0VIDEO02", video);

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

        FileScan unreadable = fetchedVideo("F0VIDEO03", broken);
        FileScan lying = fetchedVideo("F0VIDEO04", text);

        assertThat(unreadable.image().status()).isEqualTo(ImageFetch.Status.UNSCANNABLE);
        assertThat(unreadable.image().reason()).isIn(FetchReason.UnsupportedFormat, FetchReason.Corrupt);
        assertThat(lying.image().reason()).isEqualTo(FetchReason.TypeMismatch);
        assertThat(fx.moderation.detect().detect(unreadable).verdict().action()).isEqualTo(Action.REVIEW);
    }

    private static byte[] calmLoopWithOneRedFrame(int frames, int red) {
        return TestImages.animatedGif(
                160,
                120,
                frames,
                i -> i == red ? TestImages.solid(160, 120, new Color(220, 20, 20)) : TestImages.drift(160, 120, i));
    }

    private static BufferedImage decode(byte[] jpeg) {
        try {
            return ImageIO.read(new ByteArrayInputStream(jpeg));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean isRed(BufferedImage image) {
        int rgb = image.getRGB(image.getWidth() / 2, image.getHeight() / 2);
        return ((rgb >> 16) & 0xff) > 180 && ((rgb >> 8) & 0xff) < 80;
    }

    @Test
    void throttlingBeyondSdkRetries_isRetryableDetectorThrottled() {
        FileScan scan = fetched("F0THROT001", TestImages.png(300, 200), "image/png", "png");
        fx.rekognition.throttleNext(20);

        assertThatThrownBy(() -> fx.moderation.detect().detect(scan))
                .isInstanceOf(DetectorThrottledException.class)
                .hasMessageContaining("ThrottlingException");
    }

    @Test
    void invalidImageFormat_isTerminalDetectorRejected() {
        FileScan scan = fetched("F0REJECT01", TestImages.png(300, 200), "image/png", "png");
        fx.rekognition.rejectWith("InvalidImageFormatException");

        assertThatThrownBy(() -> fx.moderation.detect().detect(scan))
                .isInstanceOf(DetectorRejectedImageException.class)
                .hasMessageContaining("InvalidImageFormatException");
    }

    @Test
    void unscannableImage_goesToReview_skippedIsAllowed_withoutCallingTheDetector() {
        FileScan unscannable = ModerateFixture.scan(fx.share("F0UNSCAN01", "image/png", "png", new byte[0], 1, 1))
                .withImage(ImageFetch.notAnalysed(FetchReason.Empty, "the file has no bytes"));
        FileScan skipped = unscannable.withImage(ImageFetch.notAnalysed(FetchReason.NotAnImage, "pdf"));

        assertThat(fx.moderation.detect().detect(unscannable).verdict().action())
                .isEqualTo(Action.REVIEW);
        assertThat(fx.moderation.detect().detect(skipped).verdict().action()).isEqualTo(Action.ALLOW);
        assertThat(calls()).isEmpty();
    }

    @Test
    void everyDecidedImage_isCountedByVerdict_asTheProductsFigure() {
        List<Action> counted = new CopyOnWriteArrayList<>();
        ModerationMetrics metrics = new ModerationMetrics() {
            @Override
            public void imageDecided(Action verdict) {
                counted.add(verdict);
            }

            @Override
            public void filesRemoved(int count, Duration sinceReceived) {}

            @Override
            public void removalFailed() {}

            @Override
            public void moderationFailed(String state) {}
        };
        var service = new DetectLabelsService(
                fx.rekognitionClient, ModerateFixture.BUCKET, PolicyLoader.preset("default"), metrics);
        FileScan unscannable = ModerateFixture.scan(fx.share("F0COUNT001", "image/png", "png", new byte[0], 1, 1))
                .withImage(ImageFetch.notAnalysed(FetchReason.Empty, "the file has no bytes"));

        service.detect(unscannable);
        service.detect(unscannable.withImage(ImageFetch.notAnalysed(FetchReason.NotAnImage, "pdf")));

        assertThat(counted).containsExactly(Action.REVIEW, Action.ALLOW);
    }
}

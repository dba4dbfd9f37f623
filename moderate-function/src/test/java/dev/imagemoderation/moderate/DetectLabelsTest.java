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
import dev.imagemoderation.core.workflow.FetchReason;
import dev.imagemoderation.core.workflow.FileScan;
import dev.imagemoderation.core.workflow.ImageFetch;
import dev.imagemoderation.testkit.images.TestImages;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

        assertThat(calls()).hasSize(3);
        assertThat(out.verdict().action()).isEqualTo(Action.REMOVE);
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

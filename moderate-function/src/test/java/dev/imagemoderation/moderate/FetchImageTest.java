package dev.imagemoderation.moderate;

import static dev.imagemoderation.slackemulator.SampleWorkspace.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagemoderation.core.errors.DisallowedHostException;
import dev.imagemoderation.core.errors.FileUnreadableException;
import dev.imagemoderation.core.errors.SlackRateLimitedException;
import dev.imagemoderation.core.moderation.Action;
import dev.imagemoderation.core.slack.SlackFile;
import dev.imagemoderation.core.workflow.FetchReason;
import dev.imagemoderation.core.workflow.FileScan;
import dev.imagemoderation.core.workflow.ImageFetch;
import dev.imagemoderation.slackemulator.SlackEmulator;
import dev.imagemoderation.testkit.images.TestImages;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** FetchImage against the Slack emulator and S3Proxy: each bad input ends in its named outcome. */
class FetchImageTest {

    private static ModerateFixture fx;

    @BeforeAll
    static void start() {
        fx = new ModerateFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static ImageFetch fetch(SlackFile file) {
        return fx.moderation.fetch().fetch(ModerateFixture.scan(file)).image();
    }

    @Test
    void jpegWithinLimits_isStoredAsIs_andAnalysedAsIs() throws Exception {
        byte[] jpeg = TestImages.jpeg(640, 480);

        ImageFetch image = fetch(fx.share("F0JPEG0001", "image/jpeg", "jpg", jpeg, 640, 480));

        assertThat(image.status()).isEqualTo(ImageFetch.Status.FETCHED);
        assertThat(image.source()).isEqualTo("original");
        assertThat(image.originalKey()).isEqualTo("incoming/" + TEAM + "/Ev0TEST01/F0JPEG0001/original");
        assertThat(image.analysedKeys()).containsExactly(image.originalKey());
        assertThat(fx.object(image.originalKey())).isEqualTo(jpeg);
        assertThat(image.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(jpeg)));
        assertThat(image.width()).isEqualTo(640);
        assertThat(fx.slack.calls("download"))
                .anySatisfy(c -> assertThat(c.token()).isEqualTo(BOT_TOKEN));
    }

    @Test
    void slackConnectStub_isResolvedWithFilesInfo() {
        var full = fx.share("F0STUB0001", "image/png", "png", TestImages.png(300, 200), 300, 200);
        var stub = new SlackFile("F0STUB0001", null, null, null, null, null, "check_file_info", null, null, null, null);

        FileScan out = fx.moderation.fetch().fetch(ModerateFixture.scan(stub));

        assertThat(fx.slack.calls("files.info"))
                .anySatisfy(c -> assertThat(c.param("file")).isEqualTo("F0STUB0001"));
        assertThat(out.image().status()).isEqualTo(ImageFetch.Status.FETCHED);
        assertThat(((SlackFile) out.file()).urlPrivate()).isEqualTo(full.urlPrivate());
    }

    @Test
    void forgedMessage_pairingAVictimsFileIdWithAnotherImagesUrl_downloadsNothing_andGoesToReview() {
        var victim = fx.share("F0VICTIM01", "image/png", "png", TestImages.png(200, 200), 200, 200);
        var other = fx.share("F0OTHER001", "image/png", "png", TestImages.png(200, 200), 200, 200);
        var forged = new SlackFile(
                victim.id(),
                victim.name(),
                victim.mimetype(),
                victim.filetype(),
                victim.size(),
                victim.mode(),
                victim.fileAccess(),
                other.urlPrivate(),
                victim.originalW(),
                victim.originalH(),
                null);
        int downloadsBefore = fx.slack.calls("download").size();

        FileScan out = fx.moderation.fetch().fetch(ModerateFixture.scan(forged));

        assertThat(out.image().status()).isEqualTo(ImageFetch.Status.UNSCANNABLE);
        assertThat(out.image().reason()).isEqualTo(FetchReason.UrlMismatch);
        assertThat(out.image().detail()).contains("F0VICTIM01");
        assertThat(fx.slack.calls("download")).hasSize(downloadsBefore);
        assertThat(fx.moderation.detect().detect(out).verdict().action()).isEqualTo(Action.REVIEW);
    }

    @Test
    void stubThatIsNotAnImage_isSkippedVisibly() {
        fx.workspace
                .file(
                        "F0STUBPDF1",
                        "report.pdf",
                        "application/pdf",
                        "pdf",
                        POSTER,
                        new byte[] {'%', 'P', 'D', 'F'},
                        0,
                        0)
                .sharedIn(GENERAL);
        var stub = new SlackFile("F0STUBPDF1", null, null, null, null, null, "check_file_info", null, null, null, null);

        ImageFetch image = fetch(stub);

        assertThat(image.status()).isEqualTo(ImageFetch.Status.SKIPPED);
        assertThat(image.reason()).isEqualTo(FetchReason.NotAnImage);
    }

    @Test
    void contentThatLiesAboutItsType_isUnscannableTypeMismatch() {
        ImageFetch zip = fetch(fx.share("F0LIAR0001", "image/png", "png", TestImages.zip(), 100, 100));
        ImageFetch gifAsPng =
                fetch(fx.share("F0LIAR0002", "image/png", "png", TestImages.animatedGif(100, 100, 1), 100, 100));

        assertThat(zip.status()).isEqualTo(ImageFetch.Status.UNSCANNABLE);
        assertThat(zip.reason()).isEqualTo(FetchReason.TypeMismatch);
        assertThat(gifAsPng.reason()).isEqualTo(FetchReason.TypeMismatch);
        assertThat(gifAsPng.detail()).contains("image/gif").contains("image/png");
    }

    @Test
    void truncatedJpeg_isUnscannableTruncated() {
        ImageFetch image =
                fetch(fx.share("F0TRUNC001", "image/jpeg", "jpg", TestImages.truncatedJpeg(400, 300), 400, 300));

        assertThat(image.status()).isEqualTo(ImageFetch.Status.UNSCANNABLE);
        assertThat(image.reason()).isEqualTo(FetchReason.Truncated);
    }

    @Test
    void pngHeaderClaiming30000x30000_isRefusedBeforeDecoding() {
        byte[] bomb = TestImages.pngClaiming(30_000, 30_000);

        ImageFetch image = fetch(fx.share("F0BOMB0001", "image/png", "png", bomb, 100, 100));

        assertThat(bomb.length).isLessThan(200);
        assertThat(image.status()).isEqualTo(ImageFetch.Status.UNSCANNABLE);
        assertThat(image.reason()).isEqualTo(FetchReason.ImageTooLarge);
        assertThat(image.detail()).contains("30000 × 30000");
    }

    @Test
    void emptyFile_isUnscannableEmpty() {
        assertThat(fetch(fx.share("F0EMPTY001", "image/png", "png", new byte[0], 100, 100))
                        .reason())
                .isEqualTo(FetchReason.Empty);
    }

    @Test
    void signInPage_meansTheTokenCannotReadFiles() {
        // The bot is not in #secret: Slack answers any download with its sign-in page.
        fx.workspace
                .file("F0HIDDEN01", "x.png", "image/png", "png", POSTER, TestImages.png(100, 100), 100, 100)
                .sharedIn(SECRET_CHANNEL.replace("G0SECRET01", "G0NOBOT001"));
        fx.workspace.channel("G0NOBOT001", "no-bot", true, POSTER);
        var file = new SlackFile(
                "F0HIDDEN01",
                "x.png",
                "image/png",
                "png",
                100L,
                "hosted",
                "visible",
                fx.slack.fileUrl("F0HIDDEN01"),
                100,
                100,
                null);

        assertThatThrownBy(() -> fetch(file))
                .isInstanceOf(FileUnreadableException.class)
                .hasMessageContaining("sign-in page")
                .hasMessageNotContaining(BOT_TOKEN);
    }

    @Test
    void fileDeletedBeforeTheCheck_isSkippedAsGone_notReportedAsAnUnreadableToken() {
        var file = fx.share("F0GONE0001", "image/png", "png", TestImages.png(100, 100), 100, 100);
        deleteAsPoster("F0GONE0001");

        ImageFetch image = fetch(file);

        assertThat(image.status()).isEqualTo(ImageFetch.Status.SKIPPED);
        assertThat(image.reason()).isEqualTo(FetchReason.FileGone);
    }

    private static void deleteAsPoster(String fileId) {
        var api = new dev.imagemoderation.slack.SlackApi(
                fx.slack.apiUrl(),
                dev.imagemoderation.core.slack.HostAllowlist.slackPlus(java.util.Set.of(fx.slack.host())));
        api.call("files.delete", () -> MEMBER_TOKEN, m -> m.filesDelete(b -> b.file(fileId)));
    }

    @Test
    void urlOffTheAllowlist_isRefusedWithoutSendingTheToken() {
        var file = new SlackFile(
                "F0EVIL0001",
                "x.png",
                "image/png",
                "png",
                100L,
                "hosted",
                "visible",
                "https://files.slack.com.evil.example/files-pri/T0MODTEAM1-F0EVIL0001/x.png",
                100,
                100,
                null);

        assertThatThrownBy(() -> fetch(file))
                .isInstanceOf(DisallowedHostException.class)
                .hasMessageContaining("files.slack.com.evil.example");
    }

    @Test
    void redirectOffTheAllowlist_isNotFollowed() {
        var file = new SlackFile(
                "F0REDIR001",
                "x.png",
                "image/png",
                "png",
                100L,
                "hosted",
                "visible",
                fx.slack.redirectTo("F0REDIR001", "https://attacker.example/steal"),
                100,
                100,
                null);

        assertThatThrownBy(() -> fetch(file))
                .isInstanceOf(DisallowedHostException.class)
                .hasMessageContaining("redirect")
                .hasMessageContaining("attacker.example");
    }

    @Test
    void originalTooLarge_usesLargestThumbnail_withoutDownloadingTheOriginal() {
        var file = fx.share(
                "F0HUGE0001",
                "huge.jpg",
                "image/jpeg",
                "jpg",
                new byte[] {1},
                12_000,
                9_000,
                Map.of(360, TestImages.jpeg(360, 270), 1024, TestImages.jpeg(1024, 768)));
        int before = fx.slack.calls("download").size();

        ImageFetch image = fetch(file);

        assertThat(image.status()).isEqualTo(ImageFetch.Status.FETCHED);
        assertThat(image.source()).isEqualTo("thumb_1024");
        // The thumbnail is what is decoded; the original is only carried to S3 for quarantine, never decoded.
        assertThat(fx.slack
                        .calls("download")
                        .subList(before, fx.slack.calls("download").size()))
                .extracting(c -> c.param("path").substring(0, 11))
                .containsExactly("/files-tmb/", "/files-pri/");
        assertThat(image.analysedKeys()).noneMatch(k -> k.endsWith("/original"));
    }

    @Test
    void originalTooLarge_withoutThumbnails_isUnscannableImageTooLarge_andNothingIsDownloaded() {
        var file = fx.share("F0HUGE0002", "image/jpeg", "jpg", new byte[] {1}, 12_000, 9_000);
        int before = fx.slack.calls("download").size();

        ImageFetch image = fetch(file);

        assertThat(image.status()).isEqualTo(ImageFetch.Status.UNSCANNABLE);
        assertThat(image.reason()).isEqualTo(FetchReason.ImageTooLarge);
        assertThat(fx.slack.calls("download")).hasSize(before);
    }

    @Test
    void fortyPixelImage_isUpscaledToTheDetectorMinimum() {
        ImageFetch image = fetch(fx.share("F0TINY0001", "image/png", "png", TestImages.png(40, 30), 40, 30));

        assertThat(image.status()).isEqualTo(ImageFetch.Status.FETCHED);
        assertThat(image.analysedKeys()).singleElement().asString().endsWith("analysed-0.jpg");
        var analysed = TestImages.decode(fx.object(image.analysedKeys().getFirst()));
        assertThat(Math.min(analysed.getWidth(), analysed.getHeight())).isGreaterThanOrEqualTo(80);
    }

    @Test
    void animatedGif_isAnalysedOnEachFrameThatLooksDifferent() {
        // Seven frames, each a hue step apart: every one is a new picture.
        ImageFetch image =
                fetch(fx.share("F0ANIM0001", "image/gif", "gif", TestImages.animatedGif(120, 100, 7), 120, 100));

        assertThat(image.status()).isEqualTo(ImageFetch.Status.FETCHED);
        assertThat(image.framesTotal()).isEqualTo(7);
        assertThat(image.framesAnalysed()).isEqualTo(7);
        assertThat(image.analysedKeys()).hasSize(7);
        var first = TestImages.decode(fx.object(image.analysedKeys().get(0)));
        var last = TestImages.decode(fx.object(image.analysedKeys().get(6)));
        assertThat(first.getRGB(60, 50)).isNotEqualTo(last.getRGB(60, 50));
    }

    @Test
    void animatedGif_repeatingTheSamePicture_isAnalysedOnce() {
        byte[] still = TestImages.animatedGif(120, 100, 30, i -> TestImages.decode(TestImages.png(120, 100)));
        ImageFetch image = fetch(fx.share("F0ANIM0002", "image/gif", "gif", still, 120, 100));

        assertThat(image.framesTotal()).isEqualTo(30);
        assertThat(image.framesAnalysed()).isEqualTo(1);
    }

    @Test
    void cmykJpeg_isConvertedToRgb() {
        // 0% cyan, 100% magenta, 100% yellow, 0% black prints red.
        ImageFetch image = fetch(
                fx.share("F0CMYK0001", "image/jpeg", "jpg", TestImages.cmykJpeg(120, 90, 0, 255, 255, 0), 120, 90));

        assertThat(image.status()).isEqualTo(ImageFetch.Status.FETCHED);
        assertThat(image.analysedKeys().getFirst()).endsWith(".jpg").isNotEqualTo(image.originalKey());
        var rgb = new java.awt.Color(
                TestImages.decode(fx.object(image.analysedKeys().getFirst())).getRGB(60, 45));
        assertThat(rgb.getRed()).isGreaterThan(200);
        assertThat(rgb.getGreen()).isLessThan(60);
        assertThat(rgb.getBlue()).isLessThan(60);
    }

    @Test
    void sixteenBitPng_isConvertedTo8Bit() {
        ImageFetch image = fetch(fx.share("F0PNG16001", "image/png", "png", TestImages.png16(200, 100), 200, 100));

        assertThat(image.status()).isEqualTo(ImageFetch.Status.FETCHED);
        assertThat(image.analysedKeys().getFirst()).endsWith("analysed-0.jpg");
        assertThat(TestImages.decode(fx.object(image.analysedKeys().getFirst()))
                        .getColorModel()
                        .getComponentSize(0))
                .isEqualTo(8);
    }

    @Test
    void grayPngWithAlpha_isCompositedOnWhite() {
        ImageFetch image =
                fetch(fx.share("F0GRAYA001", "image/png", "png", TestImages.grayAlphaPng(200, 100), 200, 100));

        var analysed = TestImages.decode(fx.object(image.analysedKeys().getFirst()));
        var transparentSide = new java.awt.Color(analysed.getRGB(180, 50));
        var opaqueSide = new java.awt.Color(analysed.getRGB(20, 50));
        assertThat(transparentSide.getRed()).isGreaterThan(240);
        assertThat(opaqueSide.getRed()).isLessThan(20);
    }

    @Test
    void bmp_isConverted_heicGoesThroughThumbnails_andWebpIsDecodedItself() {
        ImageFetch bmp = fetch(fx.share("F0BMP00001", "image/bmp", "bmp", TestImages.bmp(150, 100), 150, 100));
        ImageFetch heic = fetch(fx.share(
                "F0HEIC0001",
                "photo.heic",
                "image/heic",
                "heic",
                new byte[] {0, 0, 0, 24},
                4032,
                3024,
                Map.of(720, TestImages.jpeg(720, 540))));
        ImageFetch brokenWebp = fetch(fx.share("F0WEBP0001", "image/webp", "webp", TestImages.webpHeader(), 300, 300));
        ImageFetch webp = fetch(fx.share(
                "F0WEBP0002",
                "image/webp",
                "webp",
                TestImages.webp(300, 200, new java.awt.Color(200, 30, 40)),
                300,
                200));

        assertThat(bmp.status()).isEqualTo(ImageFetch.Status.FETCHED);
        assertThat(bmp.analysedKeys().getFirst()).endsWith(".jpg");
        assertThat(heic.source()).isEqualTo("thumb_720");
        // Quarantine must be able to hold the true original, not the thumbnail that was analysed.
        assertThat(heic.originalKey()).endsWith("/F0HEIC0001/original");
        assertThat(fx.object(heic.originalKey())).containsExactly(0, 0, 0, 24);
        assertThat(heic.originalNotKept()).isNull();
        assertThat(brokenWebp.status()).isEqualTo(ImageFetch.Status.UNSCANNABLE);
        assertThat(webp.status()).isEqualTo(ImageFetch.Status.FETCHED);
        assertThat(webp.source()).isEqualTo("original");
        assertThat(webp.analysedKeys().getFirst())
                .as("converted for Rekognition")
                .endsWith(".jpg");
        var pixel = new java.awt.Color(
                TestImages.decode(fx.object(webp.analysedKeys().getFirst())).getRGB(150, 100));
        assertThat(pixel.getRed()).isGreaterThan(180);
        assertThat(pixel.getGreen()).isLessThan(60);
    }

    @Test
    void downloadRateLimited_raisesRetryAfter() {
        var file = fx.share("F0RATE0001", "image/png", "png", TestImages.png(100, 100), 100, 100);
        fx.slack.script("download", new SlackEmulator.Fault.RateLimited(12), 1);

        assertThatThrownBy(() -> fetch(file))
                .isInstanceOfSatisfying(
                        SlackRateLimitedException.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo(12));
    }
}

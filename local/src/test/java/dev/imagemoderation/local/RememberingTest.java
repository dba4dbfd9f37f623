package dev.imagemoderation.local;

import static dev.imagemoderation.local.JudgedLocalMode.await;
import static dev.imagemoderation.slackemulator.SampleWorkspace.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagemoderation.asl.Execution;
import dev.imagemoderation.core.config.Setting;
import dev.imagemoderation.core.hash.PdqHash;
import dev.imagemoderation.core.hash.PdqHasher;
import dev.imagemoderation.slackemulator.Workspace;
import dev.imagemoderation.testkit.aws.RekognitionServer;
import dev.imagemoderation.testkit.images.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot remembers, end to end in local mode: a moderator's decision, clicked in the emulator, decides the
 * image's reposts (the same file by SHA-256, a re-encoded or resized copy by PDQ) without a detector call; the
 * detector's labels are reused for the same file, detector and policy; a hash bank's match is removed. The
 * detector is the Rekognition stand-in, whose call log shows what it was asked. Blue is "swimwear" (reviewed),
 * red "explicit" (removed), green harmless.
 */
class RememberingTest {

    @TempDir
    Path dir;

    private JudgedLocalMode local;

    private void start(Map<String, String> settings) throws IOException {
        local = new JudgedLocalMode(dir.resolve("data"), emulator -> settings);
    }

    @AfterEach
    void stop() {
        if (local != null) {
            local.close();
        }
    }

    @Test
    void anAllowedImage_postedAgain_orReencodedAndScaled_isAllowedWithoutTheDetector() throws Exception {
        start(Map.of());
        BufferedImage swimwear = photo(Color.BLUE, 640, 480);
        share("F0SWIM0001", png(swimwear));
        Workspace.Message report = report(1);
        assertThat(report.text()).contains("*Needs review*");
        local.slack.events().click(MODERATORS, report.ts(), "allow", MODERATOR);
        Execution review = local.awaitReview(1);
        assertThat(review.status()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(stateOutput(review, "Remember")
                        .path("decisions")
                        .get(0)
                        .path("kind")
                        .asText())
                .isEqualTo("ALLOWED");
        int calls = detectorCalls();

        share("F0SWIM0002", png(swimwear));
        JsonNode same = verdict(awaitModeration(2));
        share("F0SWIM0003", jpeg(scaled(swimwear, 0.8), 0.7f));
        JsonNode copy = verdict(awaitModeration(3));

        assertThat(same.path("action").asText()).isEqualTo("ALLOW");
        assertThat(same.path("recalled").path("source").asText()).isEqualTo("MODERATOR_ALLOWED");
        assertThat(same.path("recalled").path("matchedBy").asText()).isEqualTo("SHA256");
        assertThat(same.path("recalled").path("rule").asText()).startsWith("allowed by <@" + MODERATOR + "> on ");
        System.out.printf(
                "PDQ: a JPEG at quality 70 and 80 %% scale is %d bits from the allowed PNG%n",
                copy.path("recalled").path("distance").asInt());
        assertThat(copy.path("action").asText()).isEqualTo("ALLOW");
        assertThat(copy.path("recalled").path("matchedBy").asText()).isEqualTo("PDQ");
        assertThat(copy.path("recalled").path("distance").asInt()).isBetween(1, PdqHash.MATCH_DISTANCE);
        assertThat(copy.path("recalled").path("execution").asText()).isEqualTo(review.name());
        assertThat(detectorCalls())
                .as("the detector was not asked about either repost")
                .isEqualTo(calls);
        assertThat(reports()).as("an allowed image is not reported again").hasSize(1);
    }

    @Test
    void aConfirmedRemoval_repostedAtHalfSizeAsAQuality60Jpeg_isRemovedByPdqWithoutTheDetector() throws Exception {
        start(Map.of());
        BufferedImage explicit = photo(Color.RED, 800, 600);
        share("F0EXPL0001", png(explicit));
        Workspace.Message report = report(1);
        assertThat(report.text()).contains("*Removed*");
        local.slack.events().click(MODERATORS, report.ts(), "keep_removed", MODERATOR);
        assertThat(local.awaitReview(1).status()).isEqualTo(Execution.Status.SUCCEEDED);
        int calls = detectorCalls();

        share("F0EXPL0002", jpeg(scaled(explicit, 0.5), 0.6f));
        JsonNode v = verdict(awaitModeration(2));

        System.out.printf(
                "PDQ: a JPEG at quality 60 and half size is %d bits from the removed PNG%n",
                v.path("recalled").path("distance").asInt());
        assertThat(v.path("action").asText()).isEqualTo("REMOVE");
        assertThat(v.path("recalled").path("source").asText()).isEqualTo("REMOVAL_CONFIRMED");
        assertThat(v.path("recalled").path("rule").asText())
                .matches("matches an image removed on \\d{4}-\\d\\d-\\d\\d \\(distance \\d+\\)");
        assertThat(detectorCalls()).isEqualTo(calls);
        assertThat(local.workspace.findFile("F0EXPL0002").orElseThrow().isDeleted())
                .isTrue();
        assertThat(report(2).text()).contains("*Removed*").contains("matches an image removed on");
    }

    @Test
    void aFlatImage_neverMatchesAnything() throws Exception {
        start(Map.of());
        share("F0FLAT0001", png(TestImages.solid(400, 300, Color.BLUE)));
        Workspace.Message report = report(1);
        local.slack.events().click(MODERATORS, report.ts(), "allow", MODERATOR);
        local.awaitReview(1);
        int calls = detectorCalls();

        // The same colour at another size: another file, and a hash too flat to trust.
        share("F0FLAT0002", png(TestImages.solid(300, 200, Color.BLUE)));
        JsonNode v = verdict(awaitModeration(2));

        assertThat(v.path("action").asText()).isEqualTo("REVIEW");
        assertThat(v.has("recalled")).isFalse();
        assertThat(detectorCalls()).isEqualTo(calls + 1);
    }

    @Test
    void cachedLabels_serveTheSameFile_untilTheDetectorOrThePolicyChanges() throws Exception {
        Map<String, String> asBefore = Map.of(Setting.DETECTOR_ID.name(), "stand-in:1");
        start(asBefore);
        byte[] harmless = png(photo(Color.GREEN, 500, 400));
        share("F0HARM0001", harmless);
        assertThat(verdict(awaitModeration(1)).path("action").asText()).isEqualTo("ALLOW");
        assertThat(detectorCalls()).isEqualTo(1);

        share("F0HARM0002", harmless);
        JsonNode cached = verdict(awaitModeration(2));
        assertThat(cached.path("recalled").path("source").asText()).isEqualTo("VERDICT_CACHE");
        assertThat(cached.path("recalled").path("rule").asText())
                .startsWith("labels from the verdict cache (stand-in:1");
        assertThat(detectorCalls()).isEqualTo(1);

        restart(Map.of(Setting.DETECTOR_ID.name(), "stand-in:1", "POLICY", "strict"));
        share("F0HARM0003", harmless);
        assertThat(verdict(awaitModeration(3)).has("recalled"))
                .as("another policy version")
                .isFalse();
        assertThat(detectorCalls()).isEqualTo(2);

        restart(Map.of(Setting.DETECTOR_ID.name(), "stand-in:2"));
        share("F0HARM0004", harmless);
        assertThat(verdict(awaitModeration(4)).has("recalled"))
                .as("another detector")
                .isFalse();
        assertThat(detectorCalls()).isEqualTo(3);
    }

    @Test
    void aHashBank_withTwoBadLines_loadsTheRest_namesTheBadLines_andItsMatchesAreRemoved() throws Exception {
        BufferedImage known = photo(Color.GREEN, 640, 480);
        PdqHash hash = new PdqHasher().hash(known);
        Path csv = dir.resolve("partner.csv");
        Files.writeString(
                csv,
                "hash,quality,label\n"
                        + hash.hex() + "," + hash.quality() + ",case 1234\n"
                        + "zz" + hash.hex().substring(2) + ",100\n"
                        + hash.hex() + ",20\n",
                StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = BankCommand.run(
                new String[] {"load", "partner", csv.toString()},
                dir.resolve("data").resolve("banks"),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("bank partner: 1 hashes loaded")
                .contains("2 bad lines")
                .contains("line 3: a PDQ hash has only hex digits 0-9 and a-f")
                .contains("line 4: the quality 20 is under 50");

        start(Map.of());
        share("F0KNOWN001", jpeg(scaled(known, 0.75), 0.8f));
        JsonNode v = verdict(awaitModeration(1));

        assertThat(v.path("action").asText()).isEqualTo("REMOVE");
        System.out.printf(
                "PDQ: a JPEG at quality 80 and 75 %% scale is %d bits from the bank's hash%n",
                v.path("recalled").path("distance").asInt());
        assertThat(v.path("recalled").path("source").asText()).isEqualTo("HASH_BANK");
        assertThat(v.path("recalled").path("rule").asText())
                .startsWith("matched bank partner (case 1234) at PDQ distance");
        assertThat(detectorCalls()).isZero();
        assertThat(local.workspace.findFile("F0KNOWN001").orElseThrow().isDeleted())
                .isTrue();
    }

    // --- helpers ----------------------------------------------------------------------

    private void restart(Map<String, String> settings) throws IOException {
        detectorCallsSoFar = detectorCalls();
        local.close();
        local = null;
        start(settings);
    }

    private void share(String fileId, byte[] bytes) throws IOException {
        BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
        boolean png = bytes[0] == (byte) 0x89;
        local.workspace.file(
                fileId,
                fileId + (png ? ".png" : ".jpg"),
                png ? "image/png" : "image/jpeg",
                png ? "png" : "jpg",
                POSTER,
                bytes,
                image.getWidth(),
                image.getHeight());
        local.slack.shareFiles(GENERAL, POSTER, "", fileId);
    }

    /** Detector calls made by the detector this local mode runs with (a restart starts a new one). */
    private int detectorCalls() {
        return detectorCallsSoFar
                + (int) local.detector.calls().stream()
                        .filter(c -> c.target().equals(RekognitionServer.DETECT))
                        .count();
    }

    private int detectorCallsSoFar;

    /** A photo-like picture: blocks of varied grey, and the colour the stand-in judges by at its centre. */
    private static BufferedImage photo(Color centre, int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(centre.getRGB());
        Graphics2D g = image.createGraphics();
        int cell = w / 16;
        for (int y = 0; y < h; y += cell) {
            for (int x = 0; x < w; x += cell) {
                int grey = 30 + random.nextInt(200);
                g.setColor(new Color(grey, grey, grey));
                g.fillRect(x, y, cell, cell);
            }
        }
        g.setColor(centre);
        g.fillRect(w / 3, h / 3, w / 3, h / 3);
        g.dispose();
        return image;
    }

    private static BufferedImage scaled(BufferedImage image, double factor) {
        int w = (int) (image.getWidth() * factor);
        int h = (int) (image.getHeight() * factor);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static byte[] png(BufferedImage image) {
        return TestImages.encode(image, "png");
    }

    private static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** The {@code n}th moderation, once finished (the executions outlive a restart, in the data directory). */
    private Execution awaitModeration(int n) throws InterruptedException {
        await(() -> moderations().size() >= n
                && moderations().stream().noneMatch(e -> e.status() == Execution.Status.RUNNING));
        List<Execution> all = moderations();
        assertThat(all).hasSizeGreaterThanOrEqualTo(n);
        Execution e = all.get(n - 1);
        assertThat(e.status()).as("%s %s", e.error(), e.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        return e;
    }

    private List<Execution> moderations() {
        return local.runtime.workflow().list().stream()
                .sorted(Comparator.comparing(Execution::startDate))
                .toList();
    }

    private static JsonNode verdict(Execution e) {
        return e.output().path("scans").get(0).path("verdict");
    }

    private Workspace.Message report(int n) throws InterruptedException {
        awaitModeration(n);
        await(() -> reports().size() >= n);
        return reports().get(n - 1);
    }

    private List<Workspace.Message> reports() {
        return local.workspace.messagesIn(MODERATORS).stream()
                .filter(m -> m.user().equals(BOT_USER))
                .toList();
    }

    /** The output of the named task in the execution's history. */
    private static JsonNode stateOutput(Execution e, String state) {
        return e.history().stream()
                .filter(h -> h.type().equals("TaskSucceeded") || h.type().equals("TaskStateExited"))
                .filter(h -> h.details().path("name").asText().equals(state))
                .map(h -> h.details().path("output"))
                .map(o -> o.has("Payload") ? o.path("Payload") : o)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no output of " + state + " in " + e.name()));
    }
}

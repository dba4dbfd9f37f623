package dev.imagemoderation.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagemoderation.asl.Execution;
import dev.imagemoderation.core.moderation.ModerationLabel;
import dev.imagemoderation.slackemulator.SampleWorkspace;
import dev.imagemoderation.slackemulator.SlackEmulator;
import dev.imagemoderation.slackemulator.Workspace;
import dev.imagemoderation.testkit.aws.RekognitionServer;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Local mode as Slack drives it, with a detector that judges each analysed image by what it
 * shows (see {@link RekognitionServer#judgeContent}), so that a test decides the verdict by
 * the colours it draws: events and clicks go over HTTP, signed, from the emulator.
 */
final class JudgedLocalMode implements AutoCloseable {

    static final String SIGNING_SECRET = "judged-local-signing-secret";

    static final List<ModerationLabel> EXPLICIT = List.of(
            new ModerationLabel("Exposed Female Genitalia", "Explicit Nudity", 97f, 3),
            new ModerationLabel("Explicit Nudity", "Explicit", 97f, 2),
            new ModerationLabel("Explicit", "", 97f, 1));
    static final List<ModerationLabel> SWIMWEAR = List.of(
            new ModerationLabel("Female Swimwear or Underwear", "Swimwear or Underwear", 94f, 2),
            new ModerationLabel("Swimwear or Underwear", "", 94f, 1));

    /** Red is explicit (removed by the default policy), blue is swimwear (reviewed), anything else harmless. */
    static final Function<BufferedImage, List<ModerationLabel>> BY_COLOUR =
            image -> colour(image, Color.RED) ? EXPLICIT : colour(image, Color.BLUE) ? SWIMWEAR : List.of();

    final Workspace workspace = SampleWorkspace.create();
    final SlackEmulator slack = SlackEmulator.start(workspace);
    final RekognitionServer detector = new RekognitionServer();
    final LocalRuntime runtime;
    final S3Client s3;

    /** @param extraSettings settings on top of the sample workspace's, which may name the emulator's addresses */
    JudgedLocalMode(Path dataDir, Function<SlackEmulator, Map<String, String>> extraSettings) throws IOException {
        Map<String, String> settings = LocalFixtures.slackSettings(slack, SIGNING_SECRET);
        settings.put(LocalSettings.DETECTOR_ENDPOINT, detector.endpoint().toString());
        settings.putAll(extraSettings.apply(slack));
        runtime = new LocalRuntime(dataDir, settings, "127.0.0.1", 0);
        s3 = runtime.s3().client();
        detector.judgeContent(s3, BY_COLOUR);
        slack.events().requestUrl(runtime.slackEventsUrl(), SIGNING_SECRET);
        slack.events().interactivityUrl(runtime.slackInteractionsUrl(), SIGNING_SECRET);
    }

    /** The latest review execution once {@code count} have run and none is running (30 s at most). */
    Execution awaitReview(int count) throws InterruptedException {
        await(() -> runtime.reviews().list().size() >= count
                && runtime.reviews().list().stream().noneMatch(e -> e.status() == Execution.Status.RUNNING));
        assertThat(runtime.reviews().list()).hasSizeGreaterThanOrEqualTo(count);
        return runtime.reviews().list().stream()
                .max(Comparator.comparing(Execution::startDate))
                .orElseThrow();
    }

    /** Waits up to 30 s for {@code condition}; the assertions that follow say what was missing. */
    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        s3.close();
        runtime.close();
        detector.close();
        slack.close();
    }

    /** Whether the image's centre is near {@code c}. */
    static boolean colour(BufferedImage image, Color c) {
        int rgb = image.getRGB(image.getWidth() / 2, image.getHeight() / 2);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        return Math.abs(r - c.getRed()) < 40 && Math.abs(g - c.getGreen()) < 40 && Math.abs(b - c.getBlue()) < 40;
    }
}

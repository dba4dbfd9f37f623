package dev.imagemoderation.local;

import static dev.imagemoderation.slackemulator.SampleWorkspace.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.imagemoderation.asl.Execution;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.slackemulator.SlackEmulator;
import dev.imagemoderation.slackemulator.Workspace;
import dev.imagemoderation.testkit.images.TestImages;
import java.awt.Color;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Local mode end to end, driven as Slack drives it, for every kind of image a channel shows:
 * a link Slack unfurls, an app's image block, an animated GIF, a video. The detector is a
 * Rekognition stand-in that judges each analysed image by what it shows (red is "explicit"),
 * so only the frame or scene that is red can make a verdict REMOVE. The default policy decides.
 */
class EveryImageShownTest {

    private static final Color RED = new Color(220, 20, 20);

    @TempDir
    Path dir;

    private JudgedLocalMode local;
    private Workspace workspace;
    private SlackEmulator slack;
    private LocalRuntime runtime;
    private S3Client s3;

    @BeforeEach
    void start() throws Exception {
        // The emulator's stand-in for the open web is on loopback: allowed by origin, for tests.
        local = new JudgedLocalMode(
                dir.resolve("data"), emulator -> Map.of(LocalSettings.TEST_ONLY_REMOTE_IMAGE_ORIGINS, emulator.base()));
        workspace = local.workspace;
        slack = local.slack;
        runtime = local.runtime;
        s3 = local.s3;
    }

    @AfterEach
    void stop() {
        if (local != null) {
            local.close();
        }
    }

    @Test
    void theTestOriginAllowance_isWarnedAboutAtStart() {
        assertThat(runtime.warnings())
                .singleElement()
                .satisfies(w -> assertThat(w).contains("TEST_ONLY_REMOTE_IMAGE_ORIGINS", slack.base(), "never set it"));
    }

    @Test
    void anUnfurlOfAnExplicitImage_removesTheMessage_quarantinesTheImage_andSaysWhy() throws Exception {
        String url =
                slack.hostImage("party.png", TestImages.encode(TestImages.solid(320, 240, RED), "png"), "image/png");

        String ts = slack.events().postLinkAndUnfurl(slack, GENERAL, POSTER, url);
        Execution e = awaitOne();

        assertThat(e.name()).as("keyed by the message and the image").startsWith(TEAM + "-edit-");
        assertThat(e.output().path("action").asText()).isEqualTo("REMOVE");
        assertThat(message(GENERAL, ts).isDeleted())
                .as("a preview cannot be deleted alone")
                .isTrue();
        assertThat(slack.calls("chat.delete"))
                .singleElement()
                .satisfies(c -> assertThat(c.token()).isEqualTo(ADMIN_TOKEN));
        assertThat(slack.calls("web"))
                .singleElement()
                .satisfies(c -> assertThat(c.token())
                        .as("no token goes to the open web")
                        .isNull());
        assertThat(botPostsIn(GENERAL))
                .singleElement()
                .satisfies(m -> assertThat(m.text()).contains("*Explicit*", "The message was deleted with it"));
        assertThat(reportText()).contains("link preview from 127.0.0.1", "REMOVE");
        assertThat(s3.listObjectsV2(b -> b.bucket(LocalRuntime.BUCKET).prefix("quarantine/"))
                        .contents())
                .as("the fetched bytes are kept for a restore")
                .hasSize(1);
    }

    @Test
    void anAppsImageBlock_isModerated_andAHarmlessOneIsLeftAlone() throws Exception {
        String bad =
                slack.hostImage("bad.jpg", TestImages.encode(TestImages.solid(300, 200, RED), "jpg"), "image/jpeg");
        String fine = slack.hostImage("fine.jpg", TestImages.jpeg(300, 200), "image/jpeg");

        String harmless =
                slack.events().postBlocks(GENERAL, OTHER_BOT_USER, OTHER_BOT_ID, OTHER_APP_ID, imageBlock(fine));
        awaitFinished(1);
        String explicit =
                slack.events().postBlocks(GENERAL, OTHER_BOT_USER, OTHER_BOT_ID, OTHER_APP_ID, imageBlock(bad));
        awaitFinished(2);

        assertThat(runtime.workflow().list())
                .extracting(x -> x.output().path("action").asText())
                .containsExactlyInAnyOrder("ALLOW", "REMOVE");
        assertThat(message(GENERAL, harmless).isDeleted()).isFalse();
        assertThat(message(GENERAL, explicit).isDeleted()).isTrue();
        assertThat(reportText()).contains("image block from 127.0.0.1");
    }

    @Test
    void anSsrfAttempt_endsUnscannableWithTheReason_andNothingReachesTheForbiddenAddress() throws Exception {
        // Counts connections, not requests: a refused fetch must not even open a socket to it.
        try (ServerSocket internal = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Thread.ofVirtual().start(() -> {
                while (!internal.isClosed()) {
                    try (Socket ignored = internal.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            String internalHost = "127.0.0.1:" + internal.getLocalPort();
            ArrayNode blocks = Json.mapper().createArrayNode();
            // Each starts on the allowed test origin and is redirected to the machine's own network.
            blocks.add(imageBlock(slack.hostRedirect("a.png", "https://" + internalHost + "/admin.png"))
                    .get(0));
            blocks.add(imageBlock(slack.hostRedirect("b.png", "http://" + internalHost + "/admin.png"))
                    .get(0));
            blocks.add(
                    imageBlock("https://169.254.169.254/latest/meta-data/iam/").get(0));

            String ts = slack.events().postBlocks(GENERAL, OTHER_BOT_USER, OTHER_BOT_ID, OTHER_APP_ID, blocks);
            Execution e = awaitOne();

            assertThat(e.output().path("action").asText()).isEqualTo("REVIEW");
            assertThat(reportText())
                    .contains(
                            "unscannable: AddressRefused (redirect 1 leads to 127.0.0.1, a loopback address;"
                                    + " nothing was sent there)",
                            "unscannable: AddressRefused (redirect 1 is http:; only https is fetched)",
                            "a link-local address (the cloud metadata service lives here)");
            assertThat(connections).hasValue(0);
            assertThat(message(GENERAL, ts).isDeleted()).isFalse();
        }
    }

    @Test
    void aGifWithOneExplicitFrame_isRemoved() throws Exception {
        byte[] gif = TestImages.animatedGif(
                160, 120, 200, i -> i == 117 ? TestImages.solid(160, 120, RED) : TestImages.drift(160, 120, i));
        workspace.file("F0GIF0200", "loop.gif", "image/gif", "gif", POSTER, gif, 160, 120);

        slack.shareFiles(GENERAL, POSTER, "", "F0GIF0200");
        Execution e = awaitOne();

        assertThat(e.output().path("action").asText()).isEqualTo("REMOVE");
        assertThat(workspace.findFile("F0GIF0200").orElseThrow().isDeleted()).isTrue();
        assertThat(reportText()).containsPattern("judged \\d+ of 200 frames, chosen by content");
    }

    @Test
    void aVideoWithOneExplicitScene_isRemoved() throws Exception {
        byte[] video = TestImages.mp4(
                200, 10, i -> i >= 110 && i < 140 ? TestImages.solid(160, 120, RED) : TestImages.drift(160, 120, i));
        workspace.file("F0VIDEO001", "clip.mp4", "video/mp4", "mp4", POSTER, video, 160, 120);

        slack.shareFiles(GENERAL, POSTER, "", "F0VIDEO001");
        Execution e = awaitOne();

        assertThat(e.output().path("action").asText()).isEqualTo("REMOVE");
        assertThat(workspace.findFile("F0VIDEO001").orElseThrow().isDeleted()).isTrue();
        assertThat(reportText()).containsPattern("judged \\d+ of 200 frames");
    }

    private static ArrayNode imageBlock(String url) {
        ArrayNode blocks = Json.mapper().createArrayNode();
        blocks.addObject().put("type", "image").put("image_url", url).put("alt_text", "a picture");
        return blocks;
    }

    private Execution awaitOne() throws InterruptedException {
        awaitFinished(1);
        List<Execution> all = List.copyOf(runtime.workflow().list());
        assertThat(all).hasSize(1);
        Execution e = all.getFirst();
        assertThat(e.status()).as("%s %s", e.error(), e.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        return e;
    }

    private void awaitFinished(int count) throws InterruptedException {
        LocalFixtures.awaitFinished(runtime, count);
    }

    private Workspace.Message message(String channel, String ts) {
        return workspace.findMessage(channel, ts).orElseThrow();
    }

    private List<Workspace.Message> botPostsIn(String channel) {
        return workspace.messagesIn(channel).stream()
                .filter(m -> m.user().equals(BOT_USER))
                .toList();
    }

    private String reportText() {
        return String.join(
                "\n",
                botPostsIn(MODERATORS).stream().map(Workspace.Message::text).toList());
    }
}

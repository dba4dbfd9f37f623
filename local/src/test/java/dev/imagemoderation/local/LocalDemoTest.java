package dev.imagemoderation.local;

import static dev.imagemoderation.slackemulator.SampleWorkspace.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagemoderation.asl.Execution;
import dev.imagemoderation.core.json.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.StreamSupport;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo as a newcomer runs it (no Slack settings at all): the emulator connects over
 * Socket Mode, the poster shares the three generated images, and with the real default model
 * and the demo policy they end REMOVE, REVIEW and ALLOW — then the console's API and
 * {@code /metrics} show the same, and a reveal of the quarantined image is logged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalDemoTest {

    @TempDir
    static Path data;

    private DemoSlack demo;
    private LocalRuntime runtime;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> expectedByEvent = new HashMap<>();

    @BeforeAll
    void runTheDemo() throws Exception {
        // Even when another model is configured, the demo runs the one its images were chosen for.
        LocalSettings settings = LocalSettings.load(null, Map.of("DETECTOR_MODEL", "mobilenet_v2_mid"));
        assertThat(settings.mode()).isEqualTo(LocalSettings.Mode.DEMO);
        demo = new DemoSlack();
        runtime = new LocalRuntime(data, demo.settings(settings.functionEnv()), "127.0.0.1", 0, demo);
        demo.requestUrl(runtime.slackEventsUrl());
        assertThat(runtime.socketMode()).isTrue();
        demo.awaitSocketMode(Duration.ofSeconds(10));
        for (JsonNode p : demo.postImages().path("posted")) {
            expectedByEvent.put(
                    TEAM + "-" + p.path("eventId").asText(), p.path("expected").asText());
        }
        LocalFixtures.awaitFinished(runtime, 3);
    }

    @AfterAll
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void theThreeDemoImages_endRemoveReviewAndAllow_withTheRealModel() {
        assertThat(expectedByEvent.values()).containsExactlyInAnyOrder("REMOVE", "REVIEW", "ALLOW");
        expectedByEvent.forEach((name, expected) -> {
            Execution e = runtime.workflow().describe(name);
            assertThat(e.status()).as("%s %s", e.error(), e.cause()).isEqualTo(Execution.Status.SUCCEEDED);
            assertThat(e.output().path("action").asText()).as(name).isEqualTo(expected);
        });
        // Every event came in over Socket Mode and was acknowledged.
        assertThat(demo.emulator().socketModeAckedEvents())
                .as("events, beside any click another test made")
                .filteredOn(id -> !id.isEmpty())
                .hasSize(3);
        assertThat(demo.emulator().socketModeUnacknowledged()).isEmpty();
    }

    @Test
    void theEmulatedWorkspace_showsTheRemovalAndTheNotices() throws Exception {
        JsonNode slack = getJson("/api/demo/slack");
        JsonNode general = channel(slack, "general");
        assertThat(general.path("messages").findValues("deleted"))
                .extracting(JsonNode::asBoolean)
                .containsExactlyInAnyOrder(true, false, false);
        assertThat(general.path("messages").findValues("text"))
                .extracting(JsonNode::asText)
                .anySatisfy(t -> assertThat(t).containsIgnoringCase("removed"));
        assertThat(channel(slack, "moderators").path("messages")).hasSize(2); // the removal and the review
    }

    @Test
    void theReportsButtons_showInThePanel_andAScriptedClickRunsTheReviewAsSlacksWould() throws Exception {
        JsonNode moderators = channel(getJson("/api/demo/slack"), "moderators");
        JsonNode removal = StreamSupport.stream(moderators.path("messages").spliterator(), false)
                .filter(m -> m.path("buttons").findValues("actionId").stream()
                        .anyMatch(a -> a.asText().equals("keep_removed")))
                .findFirst()
                .orElseThrow();
        assertThat(removal.path("buttons").findValues("actionId"))
                .extracting(JsonNode::asText)
                .containsExactly("view", "restore", "keep_removed");

        HttpResponse<String> noSuch = http.send(
                post(
                        "/api/demo/click",
                        "{\"token\":\"" + token() + "\",\"channel\":\"" + MODERATORS
                                + "\",\"ts\":\"" + removal.path("ts").asText() + "\",\"actionId\":\"nope\",\"user\":\""
                                + ADMIN
                                + "\"}"),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> clicked = http.send(
                post(
                        "/api/demo/click",
                        "{\"token\":\"" + token() + "\",\"channel\":\"" + MODERATORS
                                + "\",\"ts\":\"" + removal.path("ts").asText()
                                + "\",\"actionId\":\"keep_removed\",\"user\":\""
                                + ADMIN + "\"}"),
                HttpResponse.BodyHandlers.ofString());

        assertThat(noSuch.statusCode()).isEqualTo(400);
        assertThat(clicked.statusCode()).as(clicked.body()).isEqualTo(202);
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline
                && (runtime.reviews().list().isEmpty()
                        || runtime.reviews().list().iterator().next().status() == Execution.Status.RUNNING)) {
            Thread.sleep(50);
        }
        Execution review = runtime.reviews().list().iterator().next();
        assertThat(review.status()).as("%s %s", review.error(), review.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(review.output().path("outcome").asText()).isEqualTo("DONE");
        assertThat(demo.emulator().socketModeUnacknowledged())
                .as("delivered over Socket Mode, and acked")
                .isEmpty();
        JsonNode after = channel(getJson("/api/demo/slack"), "moderators");
        assertThat(after.path("messages").findValues("text"))
                .extracting(JsonNode::asText)
                .anySatisfy(t -> assertThat(t).contains("*Kept removed* by <@" + ADMIN + ">"));
    }

    @Test
    void theConsoleApi_listsFiltersAndDetailsExecutions() throws Exception {
        JsonNode all = getJson("/api/executions");
        assertThat(all.path("total").asInt()).isEqualTo(3);
        JsonNode removed = getJson("/api/executions?verdict=REMOVE");
        assertThat(removed.path("total").asInt()).isEqualTo(1);
        JsonNode row = removed.path("items").get(0);
        assertThat(row.path("channelName").asText()).isEqualTo("#general");
        assertThat(row.path("userName").asText()).isEqualTo("@pat-poster");
        assertThat(row.path("topLabels").get(0).path("confidence").asDouble()).isGreaterThan(20);
        assertThat(row.path("detector").asText()).isEqualTo("nsfwjs-mobilenet_v2-4.4.0");
        assertThat(getJson("/api/executions?status=FAILED").path("total").asInt())
                .isZero();
        assertThat(getJson("/api/executions?size=2&page=1").path("items")).hasSize(1);

        JsonNode detail = getJson("/api/executions/" + row.path("name").asText());
        assertThat(detail.path("history").findValues("type"))
                .extracting(JsonNode::asText)
                .contains("ExecutionStarted", "TaskSucceeded", "ExecutionSucceeded");
        assertThat(detail.path("rules").get(0).path("action").asText()).isEqualTo("REMOVE");
        assertThat(detail.path("slackCalls").findValues("state"))
                .extracting(JsonNode::asText)
                .containsExactly("RemoveFiles", "NotifyChannel", "NotifyPoster", "ReportToModerators");
        assertThat(detail.path("quarantined")).hasSize(1);
    }

    @Test
    void aQuarantinedImage_isBlurredGrey_andARevealNeedsAName_andIsLogged() throws Exception {
        JsonNode row = getJson("/api/executions?verdict=REMOVE").path("items").get(0);
        String files = "/api/executions/" + row.path("name").asText() + "/files/"
                + row.path("files").get(0).path("id").asText();

        HttpResponse<byte[]> preview = http.send(get(files + "/preview"), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(preview.statusCode()).isEqualTo(200);
        BufferedImage blurred = ImageIO.read(new ByteArrayInputStream(preview.body()));
        assertThat(blurred.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(neighbourDifference(blurred)).as("no sharp edges survive").isLessThan(3.0);

        HttpResponse<String> refused = http.send(
                post(files + "/reveal", "{\"token\":\"" + token() + "\",\"moderator\":\"\",\"reason\":\"x\"}"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(getJson("/api/audit")).isEmpty();

        HttpResponse<byte[]> revealed = http.send(
                post(
                        files + "/reveal",
                        "{\"token\":\"" + token()
                                + "\",\"moderator\":\"alex-admin\",\"reason\":\"appeal from the poster\"}"),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(revealed.statusCode()).isEqualTo(200);
        assertThat(revealed.body()).isEqualTo(DemoImages.all().get(0).png());
        JsonNode chain = getJson("/api/audit/chain");
        assertThat(chain.path("intact").asBoolean()).isTrue();
        assertThat(chain.path("entries").asInt()).isEqualTo(1);
        JsonNode audit = getJson("/api/audit");
        assertThat(audit).singleElement().satisfies(r -> {
            assertThat(r.path("moderator").asText()).isEqualTo("alex-admin");
            assertThat(r.path("reason").asText()).isEqualTo("appeal from the poster");
            assertThat(r.path("execution").asText()).isEqualTo(row.path("name").asText());
        });
        assertThat(getJson("/api/executions/" + row.path("name").asText()).path("reveals"))
                .hasSize(1);

        HttpResponse<String> notQuarantined = http.send(
                get("/api/executions/" + row.path("name").asText() + "/files/F0NOTHERE1/preview"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(notQuarantined.statusCode()).isEqualTo(404);
    }

    @Test
    void metrics_countEventsVerdictsAndRemovals_inPrometheusFormat() throws Exception {
        String metrics = http.send(
                        HttpRequest.newBuilder(runtime.metricsUrl()).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics)
                .contains(
                        "imbot_slack_events_received_total{intake=\"socket_mode\"} 3",
                        "imbot_images_moderated_total{verdict=\"REMOVE\"} 1",
                        "imbot_images_moderated_total{verdict=\"REVIEW\"} 1",
                        "imbot_images_moderated_total{verdict=\"ALLOW\"} 1",
                        "imbot_removals_total 1",
                        "imbot_executions_total{status=\"SUCCEEDED\"} 3",
                        "imbot_failures_total 0",
                        "imbot_queue_depth 0",
                        "imbot_end_to_end_seconds_count 3",
                        "imbot_end_to_end_seconds_bucket{le=\"+Inf\"} 3",
                        "# TYPE imbot_end_to_end_seconds histogram");
    }

    @Test
    void theConsolePage_saysItIsADemo() throws Exception {
        assertThat(getJson("/api/info").path("mode").asText()).isEqualTo("DEMO");
        String page = http.send(get("/"), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).contains("DEMO — an emulated Slack workspace");
        assertThat(http.send(get("/nothing-here"), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(404);
    }

    private static JsonNode channel(JsonNode slack, String name) {
        for (JsonNode c : slack.path("channels")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no channel " + name + " in " + slack);
    }

    /** Mean absolute difference between horizontal neighbours, in grey levels. */
    private static double neighbourDifference(BufferedImage image) {
        double sum = 0;
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 1; x < image.getWidth(); x++) {
                sum += Math.abs((image.getRGB(x, y) & 0xff) - (image.getRGB(x - 1, y) & 0xff));
                n++;
            }
        }
        return sum / n;
    }

    private String token() throws Exception {
        return getJson("/api/info").path("token").asText();
    }

    @Test
    void theConsole_runsOnlyItsOwnScript_cannotBeFramed_andAnswersOnlyOnItsOwnAddress() throws Exception {
        HttpResponse<String> page = http.send(get("/"), HttpResponse.BodyHandlers.ofString());
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp)
                .contains("frame-ancestors 'none'")
                .contains("script-src 'self'")
                .doesNotContain("unsafe-inline';  script")
                .doesNotContain("script-src 'self' 'unsafe-inline'");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.body())
                .contains("<script src=\"/console.js\"></script>")
                .doesNotContain("<script>");
        assertThat(http.send(get("/console.js"), HttpResponse.BodyHandlers.ofString())
                        .body())
                .contains("function route()");

        // A rebinding attacker's page reaches 127.0.0.1 under its own name: refused.
        int port = runtime.consoleUrl().getPort();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream()
                    .write(("GET /api/info HTTP/1.1\r\nHost: attacker.example:" + port
                                    + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 421").doesNotContain("\"token\"");
        }
    }

    @Test
    void stateChangingCalls_needJsonWithThisStartsToken() throws Exception {
        JsonNode row = getJson("/api/executions?verdict=REMOVE").path("items").get(0);
        String reveal = "/api/executions/" + row.path("name").asText() + "/files/"
                + row.path("files").get(0).path("id").asText() + "/reveal";
        int auditBefore = getJson("/api/audit").size();

        HttpResponse<String> noToken = http.send(
                post(reveal, "{\"moderator\":\"mallory\",\"reason\":\"curious\"}"),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrongToken = http.send(
                post(reveal, "{\"token\":\"guess\",\"moderator\":\"mallory\",\"reason\":\"curious\"}"),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> form = http.send(
                HttpRequest.newBuilder(runtime.consoleUrl().resolve("/api/demo/post"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("token=x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> demoNoToken =
                http.send(post("/api/demo/post", "{}"), HttpResponse.BodyHandlers.ofString());

        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(demoNoToken.statusCode()).isEqualTo(403);
        assertThat(getJson("/api/audit")).hasSize(auditBefore);
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(runtime.consoleUrl().resolve(path)).build();
    }

    private HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(runtime.consoleUrl().resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = http.send(get(path), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }
}

package dev.imagemoderation.local;

import static dev.imagemoderation.slackemulator.SampleWorkspace.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.asl.Execution;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.slackemulator.SampleWorkspace;
import dev.imagemoderation.slackemulator.SlackEmulator;
import dev.imagemoderation.slackemulator.Workspace;
import dev.imagemoderation.testkit.images.TestImages;
import dev.imagemoderation.testkit.slack.SignedRequest;
import dev.imagemoderation.testkit.slack.SignedRequestBuilder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole bot in one JVM, driven as Slack drives it: a signed event over HTTP, then the
 * emulator shows the file deleted and the notice posted. The real local model classifies
 * the image; a policy that removes anything the model reports makes the outcome certain.
 */
class LocalRuntimeTest {

    private static final String SIGNING_SECRET = "local-signing-secret";

    private final Workspace workspace = SampleWorkspace.create();
    private final SlackEmulator slack = SlackEmulator.start(workspace);

    @AfterEach
    void stop() {
        slack.close();
    }

    private Map<String, String> settings(Path policy) {
        Map<String, String> settings = LocalFixtures.slackSettings(slack, SIGNING_SECRET);
        settings.put("POLICY", policy.toString());
        return settings;
    }

    private SignedRequest event(String eventId, String fileId) {
        var m = workspace.post(GENERAL, POSTER, "", null, fileId);
        ObjectNode root = Json.mapper()
                .createObjectNode()
                .put("type", "event_callback")
                .put("event_id", eventId)
                .put("team_id", TEAM)
                .put("api_app_id", "A0MODBOT01");
        ObjectNode e = root.putObject("event")
                .put("type", "message")
                .put("subtype", "file_share")
                .put("user", POSTER)
                .put("channel", GENERAL)
                .put("channel_type", "channel")
                .put("ts", m.ts());
        e.putArray("files").add(slack.fileJson(fileId));
        return SignedRequestBuilder.body(root.toString()).secret(SIGNING_SECRET).build();
    }

    /** What Slack does: the signed event POSTed to the Request URL. */
    private HttpResponse<String> postEvent(LocalRuntime runtime, String eventId, String fileId) throws Exception {
        SignedRequest request = event(eventId, fileId);
        HttpRequest.Builder post = HttpRequest.newBuilder(runtime.slackEventsUrl())
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(post::header);
        return HttpClient.newHttpClient().send(post.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void signedEventOverHttp_endsWithTheFileDeletedAndNoticesPosted_andExecutionsSurviveARestart(@TempDir Path dir)
            throws Exception {
        Path policy = LocalFixtures.removeAnythingPolicy(dir);
        workspace
                .file("F0LOCAL001", "photo.jpg", "image/jpeg", "jpg", POSTER, TestImages.jpeg(320, 240), 320, 240)
                .sharedIn(GENERAL);
        Path data = dir.resolve("data");

        try (LocalRuntime runtime = new LocalRuntime(data, settings(policy), "127.0.0.1", 0)) {
            assertThat(postEvent(runtime, "Ev0LOCAL1", "F0LOCAL001").statusCode())
                    .isEqualTo(200);

            LocalFixtures.awaitFinished(runtime, 1);
            Execution execution = runtime.workflow().describe(TEAM + "-Ev0LOCAL1");
            assertThat(execution).isNotNull();
            assertThat(execution.status())
                    .as("%s %s", execution.error(), execution.cause())
                    .isEqualTo(Execution.Status.SUCCEEDED);
            assertThat(execution.output().path("action").asText()).isEqualTo("REMOVE");
            assertThat(workspace.findFile("F0LOCAL001").orElseThrow().isDeleted())
                    .isTrue();
            assertThat(workspace.messagesIn(GENERAL))
                    .filteredOn(m -> m.user().equals(BOT_USER))
                    .hasSize(1);
            assertThat(workspace.messagesIn(MODERATORS))
                    .singleElement()
                    .satisfies(m -> assertThat(m.text()).contains("nsfwjs-mobilenet_v2-4.4.0"));

            HttpResponse<String> console = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            runtime.consoleUrl().resolve("/api/executions/" + TEAM + "-Ev0LOCAL1"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(console.statusCode()).isEqualTo(200);
            var detail = Json.mapper().readTree(console.body());
            assertThat(detail.path("verdict").asText()).isEqualTo("REMOVE");
            assertThat(detail.path("history").findValues("type"))
                    .extracting(n -> n.asText())
                    .startsWith("ExecutionStarted")
                    .endsWith("ExecutionSucceeded")
                    .contains("TaskSucceeded");
            assertThat(detail.path("slackCalls").findValues("state"))
                    .extracting(n -> n.asText())
                    .contains("RemoveFiles");
        }

        try (LocalRuntime again = new LocalRuntime(data, settings(policy), "127.0.0.1", 0)) {
            assertThat(again.workflow().describe(TEAM + "-Ev0LOCAL1").status()).isEqualTo(Execution.Status.SUCCEEDED);
        }
    }

    @Test
    void aRemovalSlackRefuses_failsTheExecutionVisibly_inTheConsoleTheMetricsAndTheModeratorsChannel(@TempDir Path dir)
            throws Exception {
        Path policy = LocalFixtures.removeAnythingPolicy(dir);
        workspace
                .file("F0LOCAL002", "photo.jpg", "image/jpeg", "jpg", POSTER, TestImages.jpeg(320, 240), 320, 240)
                .sharedIn(GENERAL);
        slack.script("files.delete", new SlackEmulator.Fault.SlackError("cant_delete_file"), 1);

        try (LocalRuntime runtime = new LocalRuntime(dir.resolve("data"), settings(policy), "127.0.0.1", 0)) {
            HttpClient http = HttpClient.newHttpClient();
            assertThat(postEvent(runtime, "Ev0LOCAL2", "F0LOCAL002").statusCode())
                    .isEqualTo(200);
            LocalFixtures.awaitFinished(runtime, 1);

            var failed = Json.mapper()
                    .readTree(http.send(
                                    HttpRequest.newBuilder(
                                                    runtime.consoleUrl().resolve("/api/executions?status=FAILED"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body());
            assertThat(failed.path("total").asInt()).isEqualTo(1);
            assertThat(failed.path("items").get(0).path("cause").asText()).contains("cant_delete_file");
            assertThat(workspace.findFile("F0LOCAL002").orElseThrow().isDeleted())
                    .isFalse();
            assertThat(workspace.messagesIn(MODERATORS))
                    .singleElement()
                    .satisfies(m ->
                            assertThat(m.text()).contains("Could not moderate").contains("cant_delete_file"));
            String metrics = http.send(
                            HttpRequest.newBuilder(runtime.metricsUrl()).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(metrics)
                    .contains(
                            "imbot_failures_total 1",
                            "imbot_executions_total{status=\"FAILED\"} 1",
                            "imbot_slack_events_received_total{intake=\"http\"} 1");
        }
    }
}

package dev.imagemoderation.moderate;

import static dev.imagemoderation.slackemulator.SampleWorkspace.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.moderation.ModerationLabel;
import dev.imagemoderation.testkit.images.TestImages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FetchImage then DetectLabels as the workflow chains them: the queue contract's file JSON
 * in (what ScanFiles' ItemSelector builds), each handler's JSON output fed to the next.
 */
class HandlersChainTest {

    private static ModerateFixture fx;

    @BeforeAll
    static void start() {
        fx = new ModerateFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static JsonNode invoke(RequestStreamHandler handler, JsonNode payload) throws Exception {
        var out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.mapper().writeValueAsBytes(payload)), out, null);
        return Json.mapper().readTree(out.toByteArray());
    }

    @Test
    void fetchThenDetect_fromTheItemSelectorPayload_producesAnAuditableScan() throws Exception {
        var file = fx.share("F0CHAIN001", "image/jpeg", "jpg", TestImages.jpeg(400, 300), 400, 300);
        fx.rekognition.labels(
                "F0CHAIN001",
                new ModerationLabel("Female Swimwear or Underwear", "Swimwear or Underwear", 93f, 2),
                new ModerationLabel("Swimwear or Underwear", "", 93f, 1));
        ObjectNode payload = Json.mapper().createObjectNode();
        payload.putObject("request")
                .put("schemaVersion", 1)
                .put("eventId", "Ev0CHAIN")
                .put("teamId", TEAM)
                .put("channelId", GENERAL)
                .put("channelType", "channel")
                .put("userId", POSTER)
                .put("messageTs", "1732540001.000100")
                .put("receivedAt", "2026-11-25T12:00:00Z");
        payload.set("file", Json.mapper().valueToTree(file));

        JsonNode fetched = invoke(new FetchImageHandler(fx.moderation.fetch()), payload);
        JsonNode detected = invoke(new DetectLabelsHandler(fx.moderation.detect()), fetched);

        assertThat(fetched.path("image").path("status").asText()).isEqualTo("FETCHED");
        assertThat(detected.path("file").path("id").asText()).isEqualTo("F0CHAIN001");
        assertThat(detected.path("detection")
                        .path("ModerationLabels")
                        .get(0)
                        .path("Name")
                        .asText())
                .isEqualTo("Female Swimwear or Underwear");
        assertThat(detected.path("verdict").path("action").asText()).isEqualTo("REVIEW");
        assertThat(detected.path("verdict").path("category").asText()).isEqualTo("Swimwear or Underwear");
        assertThat(detected.path("verdict")
                        .path("rules")
                        .get(0)
                        .path("thresholdLabel")
                        .asText())
                .isEqualTo("Swimwear or Underwear");
        assertThat(detected.path("verdict").path("policyVersion").asText()).startsWith("default@");
        assertThat(detected.path("verdict").path("detector").asText()).contains("7.0");
        assertThat(detected.path("request").path("eventId").asText()).isEqualTo("Ev0CHAIN");
    }
}

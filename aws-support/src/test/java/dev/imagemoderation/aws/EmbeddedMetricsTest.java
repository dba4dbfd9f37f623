package dev.imagemoderation.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.moderation.Action;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The product's figures as CloudWatch's embedded metric format: one self-describing JSON line each. */
class EmbeddedMetricsTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final EmbeddedMetrics metrics = new EmbeddedMetrics(
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC));

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            out.add(Json.mapper().readTree(line));
        }
        return out;
    }

    @Test
    void imageDecided_isACountByVerdict_inTheImageModerationNamespace() throws Exception {
        metrics.imageDecided(Action.REMOVE);

        JsonNode line = lines().getFirst();
        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(line.path("_aws").path("Timestamp").asLong()).isEqualTo(1796126400000L);
        assertThat(directive.path("Namespace").asText()).isEqualTo("ImageModeration");
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Verdict\"]]");
        assertThat(directive.path("Metrics").toString()).isEqualTo("[{\"Name\":\"Images\",\"Unit\":\"Count\"}]");
        assertThat(line.path("Verdict").asText()).isEqualTo("REMOVE");
        assertThat(line.path("Images").asDouble()).isEqualTo(1.0);
    }

    @Test
    void removals_countAndTimeToRemoval_failures_andFailedModerations_eachHaveTheirMetric() throws Exception {
        metrics.filesRemoved(2, Duration.ofMillis(850));
        metrics.filesRemoved(0, Duration.ofMillis(10)); // nothing removed: no figure
        metrics.removalFailed();
        metrics.moderationFailed("RemoveFiles");

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).path("Removals").asDouble()).isEqualTo(2.0);
        assertThat(lines.get(1).path("TimeToRemoval").asDouble()).isEqualTo(850.0);
        assertThat(lines.get(1)
                        .path("_aws")
                        .path("CloudWatchMetrics")
                        .get(0)
                        .path("Metrics")
                        .get(0)
                        .path("Unit")
                        .asText())
                .isEqualTo("Milliseconds");
        assertThat(lines.get(2).path("RemovalsFailed").asDouble()).isEqualTo(1.0);
        assertThat(lines.get(3).path("State").asText()).isEqualTo("RemoveFiles");
        assertThat(lines.get(3)
                        .path("_aws")
                        .path("CloudWatchMetrics")
                        .get(0)
                        .path("Dimensions")
                        .toString())
                .isEqualTo("[[\"State\"]]");
    }
}

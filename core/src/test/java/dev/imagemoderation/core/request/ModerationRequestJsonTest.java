package dev.imagemoderation.core.request;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.slack.RemoteImage;
import dev.imagemoderation.core.slack.SlackFile;
import dev.imagemoderation.core.slack.Thumbnail;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ModerationRequestJsonTest {

    @Test
    void json_roundTrip_keepsEveryContractField_andOmitsAbsentOnes() throws Exception {
        var file = new SlackFile(
                "F1",
                "a.png",
                "image/png",
                "png",
                10L,
                "hosted",
                "visible",
                "https://files.slack.com/a",
                800,
                600,
                new TreeMap<>(Map.of(360, new Thumbnail("https://t/360", 360, 270))));
        var request = new ModerationRequest(
                1,
                "Ev1",
                "T1",
                null,
                "C1",
                "channel",
                "U1",
                "1.2",
                null,
                Instant.parse("2026-11-25T12:00:00Z"),
                List.of(file));

        String json = Json.mapper().writeValueAsString(request);
        JsonNode tree = Json.mapper().readTree(json);

        assertThat(tree.has("enterpriseId")).isFalse();
        assertThat(tree.has("threadTs")).isFalse();
        assertThat(tree.path("receivedAt").asText()).isEqualTo("2026-11-25T12:00:00Z");
        assertThat(tree.path("files")
                        .get(0)
                        .path("thumbs")
                        .path("360")
                        .path("w")
                        .asInt())
                .isEqualTo(360);
        assertThat(tree.path("files").get(0).has("stub")).isFalse();
        assertThat(Json.mapper().readValue(json, ModerationRequest.class)).isEqualTo(request);
    }

    @Test
    void json_remoteImages_travelBesideFiles_withTheirKind_andAnItemWithoutAKindIsAFile() throws Exception {
        var remote = RemoteImage.of(
                "C1", "1.2", "https://img.example/a.png", RemoteImage.Origin.LINK_PREVIEW, 640, 480, 99L, "a");
        var file = new SlackFile("F1", "a.png", "image/png", "png", 10L, "hosted", "visible", null, null, null, null);
        var request = new ModerationRequest(
                1, "Ev1", "T1", null, "C1", "channel", "U1", "1.2", null, null, List.of(file, remote), "edit-1.2-abc");

        JsonNode tree = Json.mapper().readTree(Json.mapper().writeValueAsString(request));

        assertThat(tree.path("files").get(0).path("kind").asText()).isEqualTo("file");
        assertThat(tree.path("files").get(1).path("kind").asText()).isEqualTo("remote");
        assertThat(tree.path("files").get(1).path("origin").asText()).isEqualTo("LINK_PREVIEW");
        assertThat(tree.path("files").get(1).has("displayName")).isFalse();
        assertThat(Json.mapper().treeToValue(tree, ModerationRequest.class)).isEqualTo(request);

        var older = Json.mapper().readValue("""
                {"schemaVersion":1,"eventId":"Ev1","teamId":"T1","files":[{"id":"F9","name":"x.png"}]}
                """, ModerationRequest.class);
        assertThat(older.files()).singleElement().isInstanceOf(SlackFile.class);
        assertThat(older.executionKey()).isEqualTo("Ev1");
    }
}

package dev.imagemoderation.detector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagemoderation.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectorCommandTest {

    @Test
    void classify_printsProbabilitiesAndLabels_perImage_andFlagsUndecodableOnes(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("gradient.png");
        Files.copy(getClass().getResourceAsStream("/parity/gradient-224.png"), good);
        Path bad = dir.resolve("notes.txt");
        Files.writeString(bad, "not an image");
        var out = new ByteArrayOutputStream();

        int code = DetectorCommand.run(
                new String[] {"classify", good.toString(), bad.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()));

        JsonNode results = Json.mapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(results.get(0).path("probabilities").path("Drawing").asDouble())
                .isCloseTo(0.8991, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(results.get(0)
                        .path("rekognition")
                        .path("ModerationModelVersion")
                        .asText())
                .isEqualTo("nsfwjs-mobilenet_v2-4.4.0");
        assertThat(results.get(1).path("error").asText()).contains("not an image");
    }
}

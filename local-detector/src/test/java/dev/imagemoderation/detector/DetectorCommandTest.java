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

    @Test
    void classify_withTheEnsemble_printsEachModelsProbabilities_andOneAnswer(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("gradient.png");
        Files.copy(getClass().getResourceAsStream("/parity/gradient-224.png"), good);
        var out = new ByteArrayOutputStream();

        int code = DetectorCommand.run(
                new String[] {"classify", "--model", "ensemble", good.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()));

        JsonNode result =
                Json.mapper().readTree(out.toString(StandardCharsets.UTF_8)).get(0);
        assertThat(code).isZero();
        assertThat(result.path("probabilities")
                        .path("mobilenet_v2")
                        .path("Drawing")
                        .asDouble())
                .as("the same figure as the single model's")
                .isCloseTo(0.8991, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(result.path("probabilities").has("mobilenet_v2_mid")).isTrue();
        assertThat(result.path("probabilities").has("inception_v3")).isTrue();
        assertThat(result.path("rekognition").path("ModerationModelVersion").asText())
                .startsWith("ensemble-second-highest(");
    }

    @Test
    void anUnknownModel_isNamedWithTheChoices() throws Exception {
        var err = new ByteArrayOutputStream();

        int code = DetectorCommand.run(
                new String[] {"classify", "--model", "resnet", "x.png"},
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown model resnet; models: ensemble, mobilenet_v2, mobilenet_v2_mid, inception_v3");
    }

    @Test
    void pdq_printsHashQualityFile_asMetasToolsDo_andNamesWhatItCannotDecode(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("gradient.png");
        Files.copy(getClass().getResourceAsStream("/parity/gradient-224.png"), good);
        Path bad = dir.resolve("notes.txt");
        Files.writeString(bad, "not an image");
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();

        int code = DetectorCommand.run(
                new String[] {"pdq", good.toString(), bad.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        var expected = new dev.imagemoderation.core.hash.PdqHasher().hash(javax.imageio.ImageIO.read(good.toFile()));
        assertThat(code).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo(expected.hex() + " " + expected.quality() + " " + good)
                .matches("[0-9a-f]{64} \\d{1,3} .*");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(bad + ": not an image");

        var dihedral = new ByteArrayOutputStream();
        DetectorCommand.run(
                new String[] {"pdq", "--dihedral", good.toString()},
                new PrintStream(dihedral, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()));
        assertThat(dihedral.toString(StandardCharsets.UTF_8).lines())
                .hasSize(8)
                .first()
                .asString()
                .startsWith(expected.hex())
                .endsWith(" original");
    }
}

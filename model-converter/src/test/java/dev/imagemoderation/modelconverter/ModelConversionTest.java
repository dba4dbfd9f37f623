package dev.imagemoderation.modelconverter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rebuild converts a model only when its inputs (or the converter) changed. */
class ModelConversionTest {

    private static final byte[] JSON = "{\"not\":\"a real model\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] WEIGHTS = {1, 2, 3};

    private static Path extracted(Path dir) throws IOException {
        Path model = Files.createDirectories(dir.resolve("in/m"));
        Files.write(model.resolve("model.json"), JSON);
        Files.write(model.resolve("weights.bin"), WEIGHTS);
        return dir.resolve("in");
    }

    private static String[] args(Path dir) {
        return new String[] {
            dir.resolve("in").toString(),
            dir.resolve("out").toString(),
            dir.resolve("stamps").toString(),
            "m"
        };
    }

    @Test
    void main_unchangedInputs_keepsTheConvertedModel(@TempDir Path dir) throws Exception {
        extracted(dir);
        Path onnx = Files.createDirectories(dir.resolve("out")).resolve("m.onnx");
        Files.write(onnx, new byte[] {42});
        Files.setLastModifiedTime(onnx, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Files.createDirectories(dir.resolve("stamps"));
        Files.writeString(
                dir.resolve("stamps/m.inputs.sha256"),
                ModelConversion.inputsDigest(
                        ModelConversion.CONVERTER_VERSION.getBytes(StandardCharsets.UTF_8), JSON, WEIGHTS));

        ModelConversion.main(args(dir)); // would fail on these inputs if it converted

        assertThat(Files.readAllBytes(onnx)).containsExactly(42);
        assertThat(Files.getLastModifiedTime(onnx).toInstant()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
    }

    @Test
    void main_changedInputs_convertsAgain(@TempDir Path dir) throws Exception {
        extracted(dir);
        Files.createDirectories(dir.resolve("out"));
        Files.write(dir.resolve("out/m.onnx"), new byte[] {42});
        Files.createDirectories(dir.resolve("stamps"));
        Files.writeString(dir.resolve("stamps/m.inputs.sha256"), "an older model's inputs");

        // It converts, and the placeholder JSON is no model: the attempt itself is the proof.
        assertThatThrownBy(() -> ModelConversion.main(args(dir))).isInstanceOf(RuntimeException.class);
    }

    @Test
    void inputsDigest_tellsSplitsApart() {
        assertThat(ModelConversion.inputsDigest(new byte[] {1, 2}, new byte[] {3}))
                .isNotEqualTo(ModelConversion.inputsDigest(new byte[] {1}, new byte[] {2, 3}));
        assertThat(ModelConversion.sha256(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}

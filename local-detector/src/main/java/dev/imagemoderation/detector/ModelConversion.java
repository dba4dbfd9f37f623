package dev.imagemoderation.detector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagemoderation.detector.convert.GraphModelConverter;
import dev.imagemoderation.detector.convert.KerasLayersConverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step: converts the models extracted from the npm package
 * ({@code target/models/<id>/model.json + weights.bin}) to ONNX files on the class path.
 * Run by Maven after compilation; {@code args = <extracted dir> <output dir>}.
 */
public final class ModelConversion {

    private ModelConversion() {}

    public static void main(String[] args) throws IOException {
        Path extracted = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        for (Model model : Model.values()) {
            Path dir = extracted.resolve(model.id());
            byte[] onnx = convert(
                    Files.readAllBytes(dir.resolve("model.json")), Files.readAllBytes(dir.resolve("weights.bin")));
            Files.write(out.resolve(model.id() + ".onnx"), onnx);
            System.out.println(model.id() + ".onnx " + onnx.length + " bytes sha256=" + Models.sha256(onnx));
        }
    }

    /** Layers models (MobileNetV2, InceptionV3) and graph models (MobileNetV2Mid). */
    public static byte[] convert(byte[] modelJson, byte[] weights) throws IOException {
        JsonNode json = new ObjectMapper().readTree(modelJson);
        return json.path("modelTopology").has("node")
                ? new GraphModelConverter(json, weights).convert()
                : new KerasLayersConverter(json, weights).convert();
    }
}

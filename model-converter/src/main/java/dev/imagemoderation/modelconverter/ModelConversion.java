package dev.imagemoderation.modelconverter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Build step of the local detector: converts the models extracted from the npm package
 * ({@code <extracted>/<id>/model.json + weights.bin}) to {@code <out>/<id>.onnx}. A model whose
 * inputs and converter are those of the last conversion is not converted again (its stamp in
 * {@code <stamps>} says so), which saves about 20 s on every rebuild.
 *
 * <p>{@code args = <extracted dir> <output dir> <stamp dir> <model id>...}
 */
public final class ModelConversion {

    /**
     * Bumped whenever a change to the converters changes their output, so that a stamp written by an
     * older converter no longer matches. The models' SHA-256 pins (local-detector's models.sha256)
     * catch a change that forgot to.
     */
    static final String CONVERTER_VERSION = "1";

    private ModelConversion() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: ModelConversion <extracted dir> <output dir> <stamp dir> <model id>...");
            System.exit(2);
        }
        Path extracted = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path stamps = Path.of(args[2]);
        Files.createDirectories(out);
        Files.createDirectories(stamps);
        for (String id : List.of(args).subList(3, args.length)) {
            Path dir = extracted.resolve(id);
            byte[] json = Files.readAllBytes(dir.resolve("model.json"));
            byte[] weights = Files.readAllBytes(dir.resolve("weights.bin"));
            Path target = out.resolve(id + ".onnx");
            Path stamp = stamps.resolve(id + ".inputs.sha256");
            String inputs = inputsDigest(CONVERTER_VERSION.getBytes(StandardCharsets.UTF_8), json, weights);
            if (Files.exists(target)
                    && Files.exists(stamp)
                    && Files.readString(stamp).equals(inputs)) {
                System.out.println(id + ".onnx up to date (inputs unchanged)");
                continue;
            }
            byte[] onnx = convert(json, weights);
            Files.write(target, onnx);
            Files.writeString(stamp, inputs);
            System.out.println(id + ".onnx " + onnx.length + " bytes sha256=" + sha256(onnx));
        }
    }

    /** Layers models (MobileNetV2, InceptionV3) and graph models (MobileNetV2Mid). */
    public static byte[] convert(byte[] modelJson, byte[] weights) throws IOException {
        JsonNode json = new ObjectMapper().readTree(modelJson);
        return json.path("modelTopology").has("node")
                ? new GraphModelConverter(json, weights).convert()
                : new KerasLayersConverter(json, weights).convert();
    }

    /** One digest of several inputs, each prefixed by its length so that no two splits collide. */
    static String inputsDigest(byte[]... parts) {
        MessageDigest digest = sha256();
        Arrays.stream(parts).forEach(p -> {
            digest.update((p.length + ":").getBytes(StandardCharsets.US_ASCII));
            digest.update(p);
        });
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}

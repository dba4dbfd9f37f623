package dev.imagemoderation.detector.internal;

import dev.imagemoderation.core.digest.Sha256;
import dev.imagemoderation.detector.Model;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Loads a converted model from the class path and refuses it unless its SHA-256 is the one
 * recorded in {@code models.sha256}: a model that changed (another npm package, another
 * converter) must be looked at, and its hash updated on purpose, before it moderates.
 */
public final class Models {

    private static final String DIR = "/dev/imagemoderation/detector/models/";

    private Models() {}

    public static byte[] load(Model model) {
        byte[] bytes;
        try (InputStream in = Models.class.getResourceAsStream(DIR + model.id() + ".onnx")) {
            if (in == null) {
                throw new IllegalStateException(
                        model.id() + ".onnx is not on the class path: build local-detector first");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        verify(model, bytes);
        return bytes;
    }

    public static void verify(Model model, byte[] bytes) {
        String expected = recorded().getProperty(model.id());
        String actual = Sha256.hex(bytes);
        if (expected == null || !expected.equals(actual)) {
            throw new IllegalStateException("refusing model " + model.id() + ": SHA-256 " + actual
                    + " is not the recorded " + expected + " (models.sha256)");
        }
    }

    private static Properties recorded() {
        Properties p = new Properties();
        try (InputStream in = Models.class.getResourceAsStream(DIR + "models.sha256")) {
            if (in != null) {
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}

package dev.imagemoderation.modelconverter;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * The weights of a TensorFlow.js model, dequantised: for uint8 weights,
 * {@code value = q × scale + min} per tensor, as the manifest's quantization says.
 */
final class Weights {

    record Weight(long[] shape, float[] values) {}

    private final Map<String, Weight> byName = new HashMap<>();

    Weights(JsonNode manifest, byte[] data) {
        int offset = 0;
        for (JsonNode group : manifest) {
            for (JsonNode w : group.path("weights")) {
                long[] shape = new long[w.path("shape").size()];
                int count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = w.path("shape").get(i).asLong();
                    count *= (int) shape[i];
                }
                JsonNode q = w.get("quantization");
                float[] values = new float[count];
                if (q != null) {
                    String dtype = q.path("dtype").asText();
                    if (!dtype.equals("uint8")) {
                        throw new IllegalArgumentException("unsupported quantization " + dtype + " of "
                                + w.path("name").asText());
                    }
                    float scale = (float) q.path("scale").asDouble();
                    float min = (float) q.path("min").asDouble();
                    for (int i = 0; i < count; i++) {
                        values[i] = (data[offset + i] & 0xFF) * scale + min;
                    }
                    offset += count;
                } else {
                    if (!w.path("dtype").asText("float32").equals("float32")) {
                        throw new IllegalArgumentException(
                                "unsupported dtype of " + w.path("name").asText());
                    }
                    ByteBuffer b = ByteBuffer.wrap(data, offset, count * 4).order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < count; i++) {
                        values[i] = b.getFloat();
                    }
                    offset += count * 4;
                }
                byName.put(w.path("name").asText(), new Weight(shape, values));
            }
        }
        if (offset != data.length) {
            throw new IllegalArgumentException("weights manifest covers " + offset + " bytes of " + data.length);
        }
    }

    Weight get(String name) {
        Weight w = byName.get(name);
        if (w == null) {
            throw new IllegalArgumentException("no weight " + name + " in the manifest");
        }
        return w;
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }
}

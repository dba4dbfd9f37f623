package dev.imagemoderation.detector.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * One converted nsfwjs model on ONNX Runtime: NHWC RGB floats in [0, 1] to the five class
 * probabilities (Drawing, Hentai, Neutral, Porn, Sexy). The session is created once and
 * shared; each worker thread gets one intra-op thread, so a pool of N workers uses N cores.
 */
public final class Classifier implements AutoCloseable {

    public static final String[] CLASSES = {"Drawing", "Hentai", "Neutral", "Porn", "Sexy"};

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final int size;
    private final String input;

    public Classifier(byte[] onnxModel, int size) {
        this.size = size;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = env.createSession(onnxModel, options);
            this.input = session.getInputNames().iterator().next();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime refused the model: " + e.getMessage(), e);
        }
    }

    public int size() {
        return size;
    }

    /** @param nhwc {@code size × size × 3} floats, row-major RGB in [0, 1] */
    public float[] classify(float[] nhwc) {
        if (nhwc.length != size * size * 3) {
            throw new IllegalArgumentException(
                    "expected " + size + "x" + size + "x3 pixels, got " + nhwc.length + " values");
        }
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(nhwc), new long[] {1, size, size, 3});
                OrtSession.Result result = session.run(Map.of(input, tensor))) {
            float[][] out = (float[][]) result.get(0).getValue();
            return out[0];
        } catch (OrtException e) {
            throw new IllegalStateException("inference failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException ignored) {
            // closing a session that failed to run
        }
    }
}

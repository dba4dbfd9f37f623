package dev.imagemoderation.moderate;

import dev.imagemoderation.detector.DetectorSetup;
import dev.imagemoderation.detector.LocalDetector;
import dev.imagemoderation.testkit.images.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * How long FetchImage's preparation takes to choose the frames of an animation or a video, and
 * how many it judges: a 200-frame 480 × 360 GIF (a calm loop with one outlier, and one whose
 * hue shifts every frame) and a 720p H.264 video with one red scene. Then each judged frame is
 * given to the local detector, as DetectLabels gives it to Rekognition, for the end-to-end
 * rate of frames judged a second. In this package because {@code ImagePreparer} is
 * package-private; the benchmark jar holds both.
 * Args: {@code [videoSeconds=60] [videoFps=30] [detector=mobilenet_v2]}.
 */
public final class AnimationTimings {

    private AnimationTimings() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int fps = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Map<String, byte[]> inputs = new LinkedHashMap<>();
        inputs.put("GIF 480x360, 200 frames, calm loop with one outlier", TestImages.animatedGif(480, 360, 200, i -> {
            BufferedImage f = TestImages.drift(480, 360, i);
            if (i == 117) {
                fill(f, Color.RED);
            }
            return f;
        }));
        inputs.put("GIF 480x360, 200 frames, hue shifting every frame", TestImages.animatedGif(480, 360, 200));
        long t0 = System.nanoTime();
        inputs.put(
                String.format("H.264 MP4 1280x720, %d s at %d fps, one red second", seconds, fps),
                TestImages.mp4(seconds * fps, fps, i -> {
                    BufferedImage f = TestImages.drift(1280, 720, i);
                    if (i / fps == seconds / 2 + 7) {
                        fill(f, Color.RED);
                    }
                    return f;
                }));
        System.out.printf("(the video was encoded in %.0f s)%n", (System.nanoTime() - t0) / 1e9);
        ImagePreparer preparer = new ImagePreparer();
        DetectorSetup setup = DetectorSetup.byId(args.length > 2 ? args[2] : "mobilenet_v2")
                .orElseThrow(() -> new IllegalArgumentException("detector: one of " + DetectorSetup.ids()));
        try (LocalDetector detector = new LocalDetector(setup, 1)) {
            for (int round = 1; round <= 3; round++) {
                for (var input : inputs.entrySet()) {
                    long start = System.nanoTime();
                    PreparedImage prepared = preparer.prepare(input.getValue(), null);
                    double prepareMs = (System.nanoTime() - start) / 1e6;
                    long detectStart = System.nanoTime();
                    for (byte[] frame : prepared.analysed()) {
                        detector.detect(ImageIO.read(new ByteArrayInputStream(frame)), 50f);
                    }
                    double detectMs = (System.nanoTime() - detectStart) / 1e6;
                    System.out.printf(
                            "round %d | %s | %d bytes | judged %d of %d frames | prepare %.0f ms | detect %.0f ms (%s)"
                                    + " | %.0f source frames a second | %.1f frames judged a second%n",
                            round,
                            input.getKey(),
                            input.getValue().length,
                            prepared.frames(),
                            prepared.framesTotal(),
                            prepareMs,
                            detectMs,
                            setup.id(),
                            prepared.framesTotal() / (prepareMs / 1000),
                            prepared.frames() / ((prepareMs + detectMs) / 1000));
                }
            }
        }
    }

    private static void fill(BufferedImage f, Color color) {
        Graphics2D g = f.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, f.getWidth(), f.getHeight());
        g.dispose();
    }
}

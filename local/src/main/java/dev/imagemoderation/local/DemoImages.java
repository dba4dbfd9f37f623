package dev.imagemoderation.local;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * The demo's images: generated, harmless, and chosen (by seed) because the default model
 * (nsfwjs MobileNetV2) scores them on different sides of the demo policy's thresholds:
 * soft skin-toned blobs on pale bedding read as "Hentai" with high confidence (Explicit →
 * REMOVE), skin-toned noise as a little "Porn" (about 12 %: REVIEW between 5 and 20), a line
 * drawing as nothing at all (ALLOW). {@code LocalDemoTest} proves the three outcomes.
 */
public final class DemoImages {

    /** One demo image and the verdict the demo policy gives it with the default model. */
    public record Image(String name, byte[] png, int width, int height, String expected) {}

    static final int SIZE = 480;

    private static final int[][] SKIN = {
        {226, 180, 150}, {240, 200, 170}, {200, 150, 120}, {170, 120, 90}, {250, 215, 195}, {230, 170, 160}
    };

    private DemoImages() {}

    public static List<Image> all() {
        return List.of(
                new Image("soft-shapes.png", png(skinBlobs(20)), SIZE, SIZE, "REMOVE"),
                new Image("grainy-texture.png", png(skinNoise(33)), SIZE, SIZE, "REVIEW"),
                new Image("line-drawing.png", png(lineDrawing(0)), SIZE, SIZE, "ALLOW"));
    }

    static BufferedImage skinBlobs(long seed) {
        Random r = new Random(seed);
        BufferedImage img = canvas();
        Graphics2D g = graphics(img);
        g.setPaint(new GradientPaint(0, 0, new Color(240, 230, 235), SIZE, SIZE, new Color(200, 180, 190)));
        g.fillRect(0, 0, SIZE, SIZE);
        int n = 2 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            Color c = skin(r);
            float cx = r.nextInt(SIZE);
            float cy = r.nextInt(SIZE);
            float rx = 60 + r.nextInt(160);
            float ry = 60 + r.nextInt(200);
            g.setPaint(new RadialGradientPaint(
                    cx, cy, Math.max(rx, ry), new float[] {0f, 1f}, new Color[] {c.brighter(), c.darker()}));
            g.fill(new Ellipse2D.Float(cx - rx, cy - ry, 2 * rx, 2 * ry));
        }
        g.dispose();
        return img;
    }

    static BufferedImage skinNoise(long seed) {
        Random r = new Random(seed);
        BufferedImage img = canvas();
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                Color c = skin(r);
                int v = r.nextInt(60) - 30;
                img.setRGB(
                        x,
                        y,
                        new Color(clamp(c.getRed() + v), clamp(c.getGreen() + v), clamp(c.getBlue() + v)).getRGB());
            }
        }
        return img;
    }

    static BufferedImage lineDrawing(long seed) {
        Random r = new Random(seed);
        BufferedImage img = canvas();
        Graphics2D g = graphics(img);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, SIZE, SIZE);
        g.setColor(Color.BLACK);
        for (int i = 0; i < 12; i++) {
            g.drawOval(r.nextInt(SIZE / 2), r.nextInt(SIZE / 2), 50 + r.nextInt(200), 50 + r.nextInt(200));
        }
        g.dispose();
        return img;
    }

    private static BufferedImage canvas() {
        return new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        return g;
    }

    private static Color skin(Random r) {
        int[] t = SKIN[r.nextInt(SKIN.length)];
        return new Color(t[0], t[1], t[2]);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static byte[] png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

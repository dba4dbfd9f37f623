package dev.imagemoderation.local;

import dev.imagemoderation.core.image.ImageBytes;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * A quarantined image made safe to glance at, on the server, so the original never reaches
 * the browser unless a moderator reveals it: greyscale, then shrunk to a few pixels across
 * and smoothly enlarged again, which leaves shapes and tones but no detail.
 */
final class QuarantinePreview {

    static final int WIDTH = 240;
    private static final int DETAIL = 12;

    private QuarantinePreview() {}

    static byte[] blurred(byte[] original) throws IOException {
        BufferedImage source = ImageIO.read(ImageBytes.stream(original));
        int w = WIDTH;
        int h = source == null
                ? WIDTH
                : Math.max(1, Math.round(WIDTH * source.getHeight() / (float) source.getWidth()));
        BufferedImage tiny = new BufferedImage(DETAIL, Math.max(1, DETAIL * h / w), BufferedImage.TYPE_BYTE_GRAY);
        if (source != null) {
            // Area averaging: every source pixel counts, so no sharp detail survives by aliasing.
            Graphics2D g = tiny.createGraphics();
            g.drawImage(
                    source.getScaledInstance(tiny.getWidth(), tiny.getHeight(), Image.SCALE_AREA_AVERAGING),
                    0,
                    0,
                    null);
            g.dispose();
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        draw(tiny, out);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(out, "png", bytes);
        return bytes.toByteArray();
    }

    private static void draw(BufferedImage from, BufferedImage to) {
        Graphics2D g = to.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(from, 0, 0, to.getWidth(), to.getHeight(), null);
        g.dispose();
    }
}

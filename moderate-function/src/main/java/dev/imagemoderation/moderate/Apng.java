package dev.imagemoderation.moderate;

import dev.imagemoderation.core.image.ImageBytes;
import dev.imagemoderation.core.workflow.FetchReason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * Animated PNG: ImageIO reads only its default image, so a viewer's frames are rebuilt here as
 * the APNG specification says. Each frame's {@code fcTL} gives its region, its {@code fdAT}
 * (or, for the first, {@code IDAT}) chunks its pixels; a frame becomes a standalone PNG
 * (the file's header chunks, the frame's size, its data) that ImageIO decodes, and is drawn on
 * the canvas with its blend operation (source or over) and undone by its dispose operation
 * (none, background, previous) before the next.
 */
final class Apng {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int DISPOSE_BACKGROUND = 1;
    private static final int DISPOSE_PREVIOUS = 2;
    private static final int BLEND_SOURCE = 0;

    /** One frame control and the image data that follows it. */
    private record Frame(int width, int height, int x, int y, int dispose, int blend, ByteArrayOutputStream data) {}

    private Apng() {}

    /** Whether the PNG has an animation control chunk before its image data. */
    static boolean isAnimated(byte[] png) {
        int at = SIGNATURE.length;
        while (at + 8 <= png.length) {
            int length = ByteBuffer.wrap(png, at, 4).getInt();
            String type = new String(png, at + 4, 4, StandardCharsets.US_ASCII);
            if (type.equals("acTL")) {
                return true;
            }
            if (type.equals("IDAT") || length < 0) {
                return false;
            }
            at += 12 + length;
        }
        return false;
    }

    /** @return how many frames the animation has */
    static int compose(byte[] png, int width, int height, int maxFrames, AnimationCanvas.Shown shown)
            throws IOException, ImageRejectedException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        byte[] ihdr = null;
        List<Frame> frames = new ArrayList<>();
        Frame current = null;
        int at = SIGNATURE.length;
        while (at + 8 <= png.length) {
            int length = ByteBuffer.wrap(png, at, 4).getInt();
            if (length < 0 || at + 12L + length > png.length) {
                throw new ImageRejectedException(FetchReason.Corrupt, "an APNG chunk runs past the end of the file");
            }
            String type = new String(png, at + 4, 4, StandardCharsets.US_ASCII);
            ByteBuffer body = ByteBuffer.wrap(png, at + 8, length);
            switch (type) {
                case "IHDR" -> ihdr = copy(png, at + 8, length);
                case "fcTL" -> {
                    if (length < 26) {
                        throw new ImageRejectedException(FetchReason.Corrupt, "an APNG frame control is too short");
                    }
                    body.getInt(); // sequence number
                    current = new Frame(
                            body.getInt(),
                            body.getInt(),
                            body.getInt(),
                            body.getInt(),
                            disposeOpAfterTheDelay(body),
                            body.get() & 0xff,
                            new ByteArrayOutputStream());
                    checkRegion(current, width, height, frames.size());
                    frames.add(current);
                    if (frames.size() > maxFrames) {
                        throw new ImageRejectedException(
                                FetchReason.ImageTooLarge,
                                "the APNG has more than " + maxFrames + " frames, the most that are examined");
                    }
                }
                case "IDAT" -> {
                    if (current != null) {
                        current.data().write(png, at + 8, length);
                    }
                }
                case "fdAT" -> {
                    if (current == null || length < 4) {
                        throw new ImageRejectedException(FetchReason.Corrupt, "APNG frame data without a frame");
                    }
                    current.data().write(png, at + 12, length - 4);
                }
                case "IEND", "acTL" -> {
                    // nothing to keep
                }
                default -> {
                    if (frames.isEmpty()) {
                        // PLTE, tRNS, gAMA, iCCP...: every frame's standalone PNG needs them.
                        header.write(png, at, 12 + length);
                    }
                }
            }
            at += 12 + length;
        }
        if (ihdr == null || frames.isEmpty()) {
            throw new ImageRejectedException(FetchReason.Corrupt, "the APNG has no frames");
        }
        AnimationCanvas canvas = new AnimationCanvas(width, height);
        byte[] headerChunks = header.toByteArray();
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            BufferedImage pixels = ImageIO.read(ImageBytes.stream(standalone(ihdr, headerChunks, f)));
            if (pixels == null) {
                throw new ImageRejectedException(FetchReason.Corrupt, "APNG frame " + i + " does not decode");
            }
            canvas.show(i, pixels, f.x(), f.y(), f.blend() != BLEND_SOURCE, dispose(f.dispose(), i), shown);
        }
        return frames.size();
    }

    /** The specification's dispose operations; the first frame has nothing to go back to, so "previous" clears. */
    private static AnimationCanvas.Dispose dispose(int op, int index) {
        return switch (op) {
            case DISPOSE_BACKGROUND -> AnimationCanvas.Dispose.BACKGROUND;
            case DISPOSE_PREVIOUS -> index == 0 ? AnimationCanvas.Dispose.BACKGROUND : AnimationCanvas.Dispose.PREVIOUS;
            default -> AnimationCanvas.Dispose.NONE;
        };
    }

    /** The delay (two shorts) does not matter here; the dispose operation follows it. */
    private static int disposeOpAfterTheDelay(ByteBuffer body) {
        body.getShort();
        body.getShort();
        return body.get() & 0xff;
    }

    private static void checkRegion(Frame f, int width, int height, int index) throws ImageRejectedException {
        if (f.width() <= 0
                || f.height() <= 0
                || f.x() < 0
                || f.y() < 0
                || (long) f.x() + f.width() > width
                || (long) f.y() + f.height() > height) {
            throw new ImageRejectedException(
                    FetchReason.ImageTooLarge,
                    "APNG frame " + index + " declares " + f.width() + " × " + f.height() + " at " + f.x() + "," + f.y()
                            + ", outside its " + width + " × " + height + " canvas");
        }
    }

    private static byte[] standalone(byte[] ihdr, byte[] header, Frame f) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(SIGNATURE);
        byte[] frameHeader = ihdr.clone();
        ByteBuffer.wrap(frameHeader).putInt(0, f.width()).putInt(4, f.height());
        chunk(out, "IHDR", frameHeader);
        out.write(header);
        chunk(out, "IDAT", f.data().toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(name);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] copy(byte[] b, int from, int length) {
        byte[] c = new byte[length];
        System.arraycopy(b, from, c, 0, length);
        return c;
    }
}

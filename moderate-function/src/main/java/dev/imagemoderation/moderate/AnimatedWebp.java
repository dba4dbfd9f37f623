package dev.imagemoderation.moderate;

import dev.imagemoderation.core.workflow.FetchReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageReader;

/**
 * Animated WebP: TwelveMonkeys decodes each frame's own rectangle, and the {@code ANMF} chunks
 * say where it goes and how: blended over the canvas or replacing it, and disposed to the
 * background after it is shown or kept. The frames are composited here as a viewer does.
 */
final class AnimatedWebp {

    /** Where a frame goes and what happens around it. */
    private record Placement(int x, int y, int width, int height, boolean blend, boolean disposeToBackground) {}

    private AnimatedWebp() {}

    /** Whether the file's {@code VP8X} header says it is animated. */
    static boolean isAnimated(byte[] webp) {
        return webp.length >= 21
                && new String(webp, 12, 4, StandardCharsets.US_ASCII).equals("VP8X")
                && (webp[20] & 0x02) != 0;
    }

    /** @return how many frames the animation has */
    static int compose(
            byte[] webp, ImageReader reader, int width, int height, int maxFrames, AnimationCanvas.Shown shown)
            throws IOException, ImageRejectedException {
        List<Placement> placements = placements(webp);
        if (placements.size() > maxFrames) {
            throw new ImageRejectedException(
                    FetchReason.ImageTooLarge,
                    "the WebP has " + placements.size() + " frames, more than the " + maxFrames + " that are examined");
        }
        if (placements.isEmpty()) {
            throw new ImageRejectedException(FetchReason.Corrupt, "the animated WebP has no frames");
        }
        AnimationCanvas canvas = new AnimationCanvas(width, height);
        for (int i = 0; i < placements.size(); i++) {
            Placement p = placements.get(i);
            if (p.x() + (long) p.width() > width || p.y() + (long) p.height() > height) {
                throw new ImageRejectedException(
                        FetchReason.ImageTooLarge,
                        "WebP frame " + i + " lies outside its " + width + " × " + height + " canvas");
            }
            canvas.show(
                    i,
                    reader.read(i),
                    p.x(),
                    p.y(),
                    p.blend(),
                    p.disposeToBackground() ? AnimationCanvas.Dispose.BACKGROUND : AnimationCanvas.Dispose.NONE,
                    shown);
        }
        return placements.size();
    }

    private static List<Placement> placements(byte[] webp) throws ImageRejectedException {
        List<Placement> placements = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(webp).order(ByteOrder.LITTLE_ENDIAN);
        int at = 12;
        while (at + 8 <= webp.length) {
            String type = new String(webp, at, 4, StandardCharsets.US_ASCII);
            int size = b.getInt(at + 4);
            if (size < 0 || at + 8L + size > webp.length) {
                throw new ImageRejectedException(FetchReason.Corrupt, "a WebP chunk runs past the end of the file");
            }
            if (type.equals("ANMF")) {
                if (size < 16) {
                    throw new ImageRejectedException(FetchReason.Corrupt, "a WebP frame header is too short");
                }
                int flags = webp[at + 8 + 15] & 0xff;
                placements.add(new Placement(
                        int24(webp, at + 8) * 2,
                        int24(webp, at + 11) * 2,
                        int24(webp, at + 14) + 1,
                        int24(webp, at + 17) + 1,
                        (flags & 0x02) == 0,
                        (flags & 0x01) != 0));
            }
            at += 8 + size + (size & 1);
        }
        return placements;
    }

    private static int int24(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16;
    }
}

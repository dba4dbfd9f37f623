package dev.imagemoderation.moderate;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;

/**
 * The picture a viewer shows while an animation plays (GIF, APNG, animated WebP): each frame is
 * drawn at its place, blended over what is there or replacing it, shown, and then disposed of
 * as its format says before the next one is drawn.
 */
final class AnimationCanvas {

    /** What happens to a frame's region after it was shown. */
    enum Dispose {
        /** Left as it is. */
        NONE,
        /** Cleared to transparent (the background a viewer shows through). */
        BACKGROUND,
        /** The whole canvas goes back to what it was before the frame. */
        PREVIOUS
    }

    /** Receives the canvas as the viewer shows it, frame by frame. */
    interface Shown {
        void frame(int index, BufferedImage canvas) throws IOException, ImageRejectedException;
    }

    private BufferedImage canvas;

    AnimationCanvas(int width, int height) {
        canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    }

    /** @param blend true to draw over the canvas, false to replace the frame's region, alpha included */
    void show(int index, BufferedImage frame, int x, int y, boolean blend, Dispose dispose, Shown shown)
            throws IOException, ImageRejectedException {
        BufferedImage before = dispose == Dispose.PREVIOUS ? copy(canvas) : null;
        Graphics2D g = canvas.createGraphics();
        if (!blend) {
            g.setComposite(AlphaComposite.Src);
        }
        g.drawImage(frame, x, y, null);
        g.dispose();
        shown.frame(index, canvas);
        if (dispose == Dispose.BACKGROUND) {
            Graphics2D clear = canvas.createGraphics();
            clear.setComposite(AlphaComposite.Clear);
            clear.fillRect(x, y, frame.getWidth(), frame.getHeight());
            clear.dispose();
        } else if (before != null) {
            canvas = before;
        }
    }

    /** A copy that keeps alpha: the canvas saved before a frame that restores it afterwards. */
    static BufferedImage copy(BufferedImage image) {
        BufferedImage c = new BufferedImage(image.getWidth(), image.getHeight(), image.getType());
        Graphics2D g = c.createGraphics();
        g.setComposite(AlphaComposite.Src);
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return c;
    }
}

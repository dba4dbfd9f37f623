package dev.imagemoderation.core.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Draws any decoded image onto an 8-bit RGB canvas of a given size: transparency lands on
 * white, greyscale and 16-bit channels become plain RGB, and a size change is bilinear.
 */
public final class RgbCanvas {

    private RgbCanvas() {}

    public static BufferedImage draw(BufferedImage image, int width, int height) {
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return rgb;
    }
}

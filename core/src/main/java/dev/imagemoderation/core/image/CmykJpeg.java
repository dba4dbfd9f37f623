package dev.imagemoderation.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.nio.charset.StandardCharsets;

/**
 * Converts the raster of a CMYK or YCCK JPEG (print workflows, Photoshop exports) to
 * RGB, which the JDK will not do itself. Adobe's encoder stores the channels inverted
 * and marks the file with an APP14 segment; its transform flag says CMYK (0) or YCCK (2).
 * A naive conversion without a colour profile, which is close enough for moderation.
 */
public final class CmykJpeg {

    private CmykJpeg() {}

    public static BufferedImage toRgb(Raster raster, byte[] jpeg) {
        int adobeTransform = adobeTransform(jpeg);
        boolean inverted = adobeTransform >= 0;
        int w = raster.getWidth();
        int h = raster.getHeight();
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = new int[4];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.getPixel(x + raster.getMinX(), y + raster.getMinY(), px);
                int c = px[0];
                int m = px[1];
                int ye = px[2];
                int k = px[3];
                if (adobeTransform == 2) {
                    // YCCK: the first three channels are YCbCr of the (inverted) CMY.
                    double yy = px[0];
                    double cb = px[1] - 128.0;
                    double cr = px[2] - 128.0;
                    c = clamp(yy + 1.402 * cr);
                    m = clamp(yy - 0.344136 * cb - 0.714136 * cr);
                    ye = clamp(yy + 1.772 * cb);
                    c = 255 - c;
                    m = 255 - m;
                    ye = 255 - ye;
                }
                int r;
                int g;
                int b;
                if (inverted && adobeTransform != 2) {
                    r = c * k / 255;
                    g = m * k / 255;
                    b = ye * k / 255;
                } else if (adobeTransform == 2) {
                    r = (255 - c) * k / 255;
                    g = (255 - m) * k / 255;
                    b = (255 - ye) * k / 255;
                } else {
                    r = (255 - c) * (255 - k) / 255;
                    g = (255 - m) * (255 - k) / 255;
                    b = (255 - ye) * (255 - k) / 255;
                }
                rgb.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return rgb;
    }

    /** The transform byte of an Adobe APP14 segment, or -1 when there is none. */
    static int adobeTransform(byte[] jpeg) {
        int i = 2;
        while (i + 4 < jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
            int marker = jpeg[i + 1] & 0xFF;
            int length = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
            if (marker == 0xEE
                    && length >= 12
                    && i + 4 + 11 < jpeg.length
                    && new String(jpeg, i + 4, 5, StandardCharsets.US_ASCII).equals("Adobe")) {
                return jpeg[i + 4 + 11] & 0xFF;
            }
            if (marker == 0xDA) {
                break; // start of scan: no more headers
            }
            i += 2 + length;
        }
        return -1;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}

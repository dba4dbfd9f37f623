package dev.imagemoderation.detector;

import java.awt.image.BufferedImage;

/**
 * nsfwjs's preprocessing, reproduced: RGB, pixels / 255, then a bilinear resize to the
 * model's size with aligned corners, skipped when the image already has that size; NHWC.
 */
public final class Preprocessor {

    private Preprocessor() {
    }

    public static float[] toTensor(BufferedImage image, int size) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        if (w == size && h == size) {
            float[] out = new float[size * size * 3];
            for (int i = 0; i < argb.length; i++) {
                out[i * 3] = ((argb[i] >> 16) & 0xFF) / 255f;
                out[i * 3 + 1] = ((argb[i] >> 8) & 0xFF) / 255f;
                out[i * 3 + 2] = (argb[i] & 0xFF) / 255f;
            }
            return out;
        }
        // Resize straight from the packed pixels: a float copy of a 12-megapixel photo would cost 144 MB.
        return resizeBilinearAlignCorners((x, y, c) -> ((argb[y * w + x] >> (16 - 8 * c)) & 0xFF) / 255f, w, h, size);
    }

    /** Reads channel {@code c} of pixel (x, y) as a float. */
    @FunctionalInterface
    interface Pixels {
        float get(int x, int y, int c);
    }

    static float[] resizeBilinearAlignCorners(float[] src, int w, int h, int size) {
        return resizeBilinearAlignCorners((x, y, c) -> src[(y * w + x) * 3 + c], w, h, size);
    }

    /** TensorFlow's resizeBilinear with alignCorners = true (and halfPixelCenters = false). */
    static float[] resizeBilinearAlignCorners(Pixels src, int w, int h, int size) {
        float[] dst = new float[size * size * 3];
        float sy = size > 1 ? (h - 1f) / (size - 1f) : 0f;
        float sx = size > 1 ? (w - 1f) / (size - 1f) : 0f;
        for (int y = 0; y < size; y++) {
            float fy = y * sy;
            int y0 = (int) Math.floor(fy);
            int y1 = Math.min(y0 + 1, h - 1);
            float dy = fy - y0;
            for (int x = 0; x < size; x++) {
                float fx = x * sx;
                int x0 = (int) Math.floor(fx);
                int x1 = Math.min(x0 + 1, w - 1);
                float dx = fx - x0;
                for (int c = 0; c < 3; c++) {
                    float tl = src.get(x0, y0, c);
                    float tr = src.get(x1, y0, c);
                    float bl = src.get(x0, y1, c);
                    float br = src.get(x1, y1, c);
                    float top = tl + (tr - tl) * dx;
                    float bottom = bl + (br - bl) * dx;
                    dst[(y * size + x) * 3 + c] = top + (bottom - top) * dy;
                }
            }
        }
        return dst;
    }
}

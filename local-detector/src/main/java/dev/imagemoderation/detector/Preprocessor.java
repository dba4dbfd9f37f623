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
        float[] src = new float[w * h * 3];
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < argb.length; i++) {
            src[i * 3] = ((argb[i] >> 16) & 0xFF) / 255f;
            src[i * 3 + 1] = ((argb[i] >> 8) & 0xFF) / 255f;
            src[i * 3 + 2] = (argb[i] & 0xFF) / 255f;
        }
        if (w == size && h == size) {
            return src;
        }
        return resizeBilinearAlignCorners(src, w, h, size);
    }

    /** TensorFlow's resizeBilinear with alignCorners = true (and halfPixelCenters = false). */
    static float[] resizeBilinearAlignCorners(float[] src, int w, int h, int size) {
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
                    float tl = src[(y0 * w + x0) * 3 + c];
                    float tr = src[(y0 * w + x1) * 3 + c];
                    float bl = src[(y1 * w + x0) * 3 + c];
                    float br = src[(y1 * w + x1) * 3 + c];
                    float top = tl + (tr - tl) * dx;
                    float bottom = bl + (br - bl) * dx;
                    dst[(y * size + x) * 3 + c] = top + (bottom - top) * dy;
                }
            }
        }
        return dst;
    }
}

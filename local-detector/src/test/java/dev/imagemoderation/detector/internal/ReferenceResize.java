package dev.imagemoderation.detector.internal;

/**
 * TensorFlow's resizeBilinear (alignCorners = true, halfPixelCenters = false) transcribed
 * plainly, one call per channel and pixel: the oracle {@link Preprocessor#resizePacked} is
 * held to.
 */
final class ReferenceResize {

    private ReferenceResize() {}

    /** Reads channel {@code c} of pixel (x, y) as a float. */
    @FunctionalInterface
    interface Pixels {
        float get(int x, int y, int c);
    }

    static float[] resize(float[] src, int w, int h, int size) {
        return resize((x, y, c) -> src[(y * w + x) * 3 + c], w, h, size);
    }

    /** TensorFlow's resizeBilinear with alignCorners = true (and halfPixelCenters = false). */
    static float[] resize(Pixels src, int w, int h, int size) {
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

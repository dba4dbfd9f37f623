package dev.imagemoderation.detector.internal;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * nsfwjs's preprocessing, reproduced: RGB, pixels / 255, then a bilinear resize to the
 * model's size with aligned corners, skipped when the image already has that size; NHWC.
 */
public final class Preprocessor {

    private Preprocessor() {}

    public static float[] toTensor(BufferedImage image, int size) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = packedRgb(image);
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
        return resizePacked(argb, w, h, size);
    }

    /**
     * TensorFlow's resizeBilinear with alignCorners = true (and halfPixelCenters = false), on
     * packed RGB with the column taps computed once. Tests hold it to a plain transcription
     * of TensorFlow's loop, float for float.
     */
    static float[] resizePacked(int[] argb, int w, int h, int size) {
        float[] dst = new float[size * size * 3];
        float sy = size > 1 ? (h - 1f) / (size - 1f) : 0f;
        float sx = size > 1 ? (w - 1f) / (size - 1f) : 0f;
        int[] x0s = new int[size];
        int[] x1s = new int[size];
        float[] dxs = new float[size];
        for (int x = 0; x < size; x++) {
            float fx = x * sx;
            x0s[x] = (int) Math.floor(fx);
            x1s[x] = Math.min(x0s[x] + 1, w - 1);
            dxs[x] = fx - x0s[x];
        }
        for (int y = 0; y < size; y++) {
            float fy = y * sy;
            int y0 = (int) Math.floor(fy);
            int row0 = y0 * w;
            int row1 = Math.min(y0 + 1, h - 1) * w;
            float dy = fy - y0;
            int o = y * size * 3;
            for (int x = 0; x < size; x++) {
                int tlp = argb[row0 + x0s[x]];
                int trp = argb[row0 + x1s[x]];
                int blp = argb[row1 + x0s[x]];
                int brp = argb[row1 + x1s[x]];
                float dx = dxs[x];
                for (int shift = 16; shift >= 0; shift -= 8) {
                    float tl = ((tlp >> shift) & 0xFF) / 255f;
                    float tr = ((trp >> shift) & 0xFF) / 255f;
                    float bl = ((blp >> shift) & 0xFF) / 255f;
                    float br = ((brp >> shift) & 0xFF) / 255f;
                    float top = tl + (tr - tl) * dx;
                    float bottom = bl + (br - bl) * dx;
                    dst[o++] = top + (bottom - top) * dy;
                }
            }
        }
        return dst;
    }

    /** The pixels as 0xRRGGBB ints: the image's own array when it is a plain INT_RGB image, else a copy. */
    private static int[] packedRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB
                && image.getRaster().getDataBuffer() instanceof DataBufferInt buffer
                && image.getRaster().getSampleModelTranslateX() == 0
                && image.getRaster().getSampleModelTranslateY() == 0
                && buffer.getData().length == image.getWidth() * image.getHeight()) {
            return buffer.getData();
        }
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}

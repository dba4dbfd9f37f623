package dev.imagemoderation.core.hash;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Meta's PDQ photo hash, written from the published algorithm (facebook/ThreatExchange, {@code pdq/}): luma,
 * two passes of a box ("Jarosz") blur sized to the image, 64 × 64 decimation, a 16 × 16 corner of the DCT,
 * and one bit per coefficient above their median. The quality is the decimated image's gradient sum.
 *
 * <p>Not thread-safe: an instance reuses its buffers. Make one per thread.
 */
public final class PdqHasher {

    private static final int SIDE = 64;
    private static final int DCT = 16;
    private static final int JAROSZ_PASSES = 2;
    private static final float[][] DCT_MATRIX = dctMatrix();

    private float[] luma = new float[0];
    private float[] scratch = new float[0];
    private float[] columnSums = new float[0];
    private final float[][] decimated = new float[SIDE][SIDE];
    private final float[][] half = new float[DCT][SIDE];
    private final float[][] coefficients = new float[DCT][DCT];

    /** The hash of the image as decoded (no orientation is applied: the dihedral hashes cover that). */
    public PdqHash hash(BufferedImage image) {
        int quality = transform(image);
        return fromCoefficients(coefficients, quality);
    }

    /**
     * The hashes of all eight rotations and flips of the image, from one pass over its pixels: each is the
     * original's DCT with some signs flipped, transposed or not, as Meta's reference derives them.
     */
    public Map<Dihedral, PdqHash> dihedral(BufferedImage image) {
        int quality = transform(image);
        Map<Dihedral, PdqHash> out = new EnumMap<>(Dihedral.class);
        float[][] turned = new float[DCT][DCT];
        for (Dihedral d : Dihedral.values()) {
            for (int i = 0; i < DCT; i++) {
                for (int j = 0; j < DCT; j++) {
                    float v = d.transposed ? coefficients[j][i] : coefficients[i][j];
                    // Mirroring an axis flips the sign of the odd frequencies along it (row or column 0, 2, ...).
                    boolean negate = (d.mirrorRows && (i & 1) == 0) ^ (d.mirrorColumns && (j & 1) == 0);
                    turned[i][j] = negate ? -v : v;
                }
            }
            out.put(d, fromCoefficients(turned, quality));
        }
        return out;
    }

    /** Fills {@link #coefficients} for the image and answers its quality. */
    private int transform(BufferedImage image) {
        int rows = image.getHeight();
        int cols = image.getWidth();
        int n = rows * cols;
        if (luma.length < n) {
            luma = new float[n];
            scratch = new float[n];
        }
        if (columnSums.length < cols) {
            columnSums = new float[cols];
        }
        fillLuma(image, luma);
        int alongRows = windowSize(cols);
        int alongCols = windowSize(rows);
        for (int pass = 0; pass < JAROSZ_PASSES; pass++) {
            for (int r = 0; r < rows; r++) {
                box(luma, scratch, r * cols, cols, 1, alongRows);
            }
            boxColumns(scratch, luma, rows, cols, alongCols, columnSums);
        }
        for (int i = 0; i < SIDE; i++) {
            int row = (int) (((i + 0.5) * rows) / SIDE);
            for (int j = 0; j < SIDE; j++) {
                int col = (int) (((j + 0.5) * cols) / SIDE);
                decimated[i][j] = luma[row * cols + col];
            }
        }
        int quality = quality(decimated);
        for (int i = 0; i < DCT; i++) {
            for (int j = 0; j < SIDE; j++) {
                float sum = 0;
                for (int k = 0; k < SIDE; k++) {
                    sum += DCT_MATRIX[i][k] * decimated[k][j];
                }
                half[i][j] = sum;
            }
        }
        for (int i = 0; i < DCT; i++) {
            for (int j = 0; j < DCT; j++) {
                float sum = 0;
                for (int k = 0; k < SIDE; k++) {
                    sum += half[i][k] * DCT_MATRIX[j][k];
                }
                coefficients[i][j] = sum;
            }
        }
        return quality;
    }

    private static void fillLuma(BufferedImage image, float[] out) {
        int w = image.getWidth();
        int h = image.getHeight();
        // getRGB, which goes through the image's colour model: a faster read of the raster's bytes was tried and
        // moved the test vectors' hashes up to 14 bits from Meta's, so the speed is not worth it.
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            int base = y * w;
            for (int x = 0; x < w; x++) {
                int p = row[x];
                out[base + x] = 0.299f * ((p >> 16) & 0xFF) + 0.587f * ((p >> 8) & 0xFF) + 0.114f * (p & 0xFF);
            }
        }
    }

    /** The blur window along a dimension of {@code n} pixels: {@code ceil(n / 128)}. */
    public static int windowSize(int n) {
        return (n + 2 * SIDE - 1) / (2 * SIDE);
    }

    /**
     * One box-filter pass along a line of {@code length} values {@code stride} apart, in four phases so that
     * the window shrinks at the edges instead of reading past them.
     */
    public static void box(float[] in, float[] out, int start, int length, int stride, int window) {
        int halfWindow = (window + 2) / 2;
        int phase1 = halfWindow - 1;
        int phase2 = window - halfWindow + 1;
        int phase3 = length - window;
        int phase4 = halfWindow - 1;
        int li = start;
        int ri = start;
        int oi = start;
        float sum = 0;
        int current = 0;
        for (int i = 0; i < phase1; i++) {
            sum += in[ri];
            current++;
            ri += stride;
        }
        for (int i = 0; i < phase2; i++) {
            sum += in[ri];
            current++;
            out[oi] = sum / current;
            ri += stride;
            oi += stride;
        }
        for (int i = 0; i < phase3; i++) {
            sum += in[ri];
            sum -= in[li];
            out[oi] = sum / current;
            li += stride;
            ri += stride;
            oi += stride;
        }
        for (int i = 0; i < phase4; i++) {
            sum -= in[li];
            current--;
            out[oi] = sum / current;
            li += stride;
            oi += stride;
        }
    }

    /**
     * {@link #box} down every column at once, a row at a time: the same additions, subtractions and divisions
     * in the same order for each column, so the result is bit for bit the same, but it reads memory in order
     * instead of a whole row apart (on a 12-MP photo the column pass was most of the time).
     */
    public static void boxColumns(float[] in, float[] out, int rows, int cols, int window, float[] sums) {
        int halfWindow = (window + 2) / 2;
        int phase1 = halfWindow - 1;
        int phase2 = window - halfWindow + 1;
        int phase3 = rows - window;
        int phase4 = halfWindow - 1;
        java.util.Arrays.fill(sums, 0, cols, 0f);
        int li = 0;
        int ri = 0;
        int oi = 0;
        int current = 0;
        for (int i = 0; i < phase1; i++, ri++) {
            add(sums, in, ri * cols, cols);
            current++;
        }
        for (int i = 0; i < phase2; i++, ri++, oi++) {
            add(sums, in, ri * cols, cols);
            current++;
            divide(sums, out, oi * cols, cols, current);
        }
        for (int i = 0; i < phase3; i++, li++, ri++, oi++) {
            int r = ri * cols;
            int l = li * cols;
            for (int c = 0; c < cols; c++) {
                float v = sums[c] + in[r + c];
                sums[c] = v - in[l + c];
            }
            divide(sums, out, oi * cols, cols, current);
        }
        for (int i = 0; i < phase4; i++, li++, oi++) {
            int l = li * cols;
            for (int c = 0; c < cols; c++) {
                sums[c] -= in[l + c];
            }
            current--;
            divide(sums, out, oi * cols, cols, current);
        }
    }

    private static void add(float[] sums, float[] in, int offset, int cols) {
        for (int c = 0; c < cols; c++) {
            sums[c] += in[offset + c];
        }
    }

    private static void divide(float[] sums, float[] out, int offset, int cols, int by) {
        for (int c = 0; c < cols; c++) {
            out[offset + c] = sums[c] / by;
        }
    }

    private static int quality(float[][] a) {
        int gradients = 0;
        for (int i = 0; i < SIDE - 1; i++) {
            for (int j = 0; j < SIDE; j++) {
                gradients += Math.abs((int) (((a[i][j] - a[i + 1][j]) * 100) / 255));
            }
        }
        for (int i = 0; i < SIDE; i++) {
            for (int j = 0; j < SIDE - 1; j++) {
                gradients += Math.abs((int) (((a[i][j] - a[i][j + 1]) * 100) / 255));
            }
        }
        return Math.min(gradients / 90, 100);
    }

    private static PdqHash fromCoefficients(float[][] b, int quality) {
        float[] sorted = new float[DCT * DCT];
        for (int i = 0; i < DCT; i++) {
            System.arraycopy(b[i], 0, sorted, i * DCT, DCT);
        }
        Arrays.sort(sorted);
        // The reference's median (Torben's) is the lower middle value of the 256: the 128th smallest.
        float median = sorted[DCT * DCT / 2 - 1];
        long[] bits = new long[4];
        for (int i = 0; i < DCT; i++) {
            for (int j = 0; j < DCT; j++) {
                if (b[i][j] > median) {
                    int k = i * DCT + j;
                    bits[k >> 6] |= 1L << (k & 63);
                }
            }
        }
        return PdqHash.of(bits, quality);
    }

    private static float[][] dctMatrix() {
        float[][] d = new float[DCT][SIDE];
        double scale = Math.sqrt(2.0 / SIDE);
        for (int i = 0; i < DCT; i++) {
            for (int j = 0; j < SIDE; j++) {
                d[i][j] = (float) (scale * Math.cos((Math.PI / 2 / SIDE) * (i + 1) * (2 * j + 1)));
            }
        }
        return d;
    }

    /** The eight orientations of an image, as Meta's tools name the files of its test vectors. */
    public enum Dihedral {
        ORIGINAL(false, false, false),
        ROTATE_90(true, true, false),
        ROTATE_180(false, true, true),
        ROTATE_270(true, false, true),
        FLIP_X(false, true, false),
        FLIP_Y(false, false, true),
        FLIP_PLUS_1(true, false, false),
        FLIP_MINUS_1(true, true, true);

        private final boolean transposed;
        private final boolean mirrorRows;
        private final boolean mirrorColumns;

        Dihedral(boolean transposed, boolean mirrorRows, boolean mirrorColumns) {
            this.transposed = transposed;
            this.mirrorRows = mirrorRows;
            this.mirrorColumns = mirrorColumns;
        }
    }
}

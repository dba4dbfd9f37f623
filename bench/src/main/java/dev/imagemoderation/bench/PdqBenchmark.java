package dev.imagemoderation.bench;

import dev.imagemoderation.core.hash.PdqHash;
import dev.imagemoderation.core.hash.PdqHasher;
import dev.imagemoderation.core.hash.PdqIndex;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * PDQ's two costs, side by side in one run: hashing (a 480-px thumbnail, a 12-MP photo) and lookup against
 * 10k, 100k and 1M entries, by linear scan and by the multi-index hash, with the crossover sizes that set
 * {@link PdqIndex#LINEAR_UP_TO}. Plain timing loops after a warm-up; one thread.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.imagemoderation.bench.PdqBenchmark</pre>
 */
public final class PdqBenchmark {

    private PdqBenchmark() {}

    public static void main(String[] args) {
        System.out.printf(
                "PDQ on %s, %d cores, %s%n",
                System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        hashing("480 x 360 thumbnail", 480, 360, 200);
        hashing("4000 x 3000 photo (12 MP)", 4000, 3000, 8);
        columnPass(4000, 3000, 10);
        System.out.println();
        System.out.println(
                "| entries | linear µs/query | multi-index µs/query | linear / multi-index | multi-index build ms |");
        System.out.println("|---|---|---|---|---|");
        for (int n : new int[] {1_000, 2_000, 5_000, 10_000, 20_000, 100_000, 1_000_000}) {
            lookup(n);
        }
    }

    private static void hashing(String what, int w, int h, int runs) {
        BufferedImage image = photo(w, h);
        PdqHasher hasher = new PdqHasher();
        for (int i = 0; i < Math.max(3, runs / 4); i++) {
            hasher.hash(image);
        }
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            hasher.hash(image);
        }
        double ms = (System.nanoTime() - start) / 1e6 / runs;
        System.out.printf("hash %-28s %8.2f ms/hash  %8.1f hashes/s%n", what, ms, 1000 / ms);
    }

    /** The blur's column pass both ways, alternated in one run: column by column (the reference's) and row-wise. */
    private static void columnPass(int cols, int rows, int runs) {
        float[] in = new float[rows * cols];
        Random random = new Random(5);
        for (int i = 0; i < in.length; i++) {
            in[i] = random.nextFloat() * 255;
        }
        float[] out = new float[in.length];
        float[] sums = new float[cols];
        int window = PdqHasher.windowSize(rows);
        long columnwise = 0;
        long rowwise = 0;
        for (int run = -2; run < runs; run++) {
            long t0 = System.nanoTime();
            for (int c = 0; c < cols; c++) {
                PdqHasher.box(in, out, c, rows, cols, window);
            }
            long t1 = System.nanoTime();
            PdqHasher.boxColumns(in, out, rows, cols, window, sums);
            long t2 = System.nanoTime();
            if (run >= 0) {
                columnwise += t1 - t0;
                rowwise += t2 - t1;
            }
        }
        System.out.printf(
                "column pass %d x %d: column by column %.1f ms, row-wise %.1f ms, ratio %.1f%n",
                cols, rows, columnwise / 1e6 / runs, rowwise / 1e6 / runs, (double) columnwise / rowwise);
    }

    private static void lookup(int n) {
        Random random = new Random(n);
        List<PdqIndex.Entry<Integer>> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(new PdqIndex.Entry<>(random(random), i));
        }
        PdqIndex<Integer> linear = PdqIndex.linear(entries);
        long buildStart = System.nanoTime();
        PdqIndex<Integer> mih = PdqIndex.multiIndex(entries);
        double buildMs = (System.nanoTime() - buildStart) / 1e6;
        // Half the queries are near copies of an entry (up to 20 bits flipped), half match nothing.
        List<PdqHash> queries = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            queries.add(
                    i % 2 == 0
                            ? flipped(entries.get(random.nextInt(n)).hash(), random.nextInt(21), random)
                            : random(random));
        }
        int linearRuns = Math.max(20, (int) (2e8 / n / 4));
        double linearUs = perQuery(linear, queries, Math.min(queries.size(), linearRuns));
        double mihUs = perQuery(mih, queries, queries.size());
        System.out.printf("| %,d | %.2f | %.2f | %.1f | %.0f |%n", n, linearUs, mihUs, linearUs / mihUs, buildMs);
    }

    private static double perQuery(PdqIndex<Integer> index, List<PdqHash> queries, int count) {
        long sink = 0;
        for (int i = 0; i < Math.min(count, 200); i++) {
            sink += index.nearest(queries.get(i), PdqHash.MATCH_DISTANCE)
                    .map(PdqIndex.Match::distance)
                    .orElse(-1);
        }
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            sink += index.nearest(queries.get(i), PdqHash.MATCH_DISTANCE)
                    .map(PdqIndex.Match::distance)
                    .orElse(-1);
        }
        double us = (System.nanoTime() - start) / 1e3 / count;
        if (sink == Long.MIN_VALUE) {
            System.out.print("");
        }
        return us;
    }

    private static PdqHash random(Random r) {
        return PdqHash.of(new long[] {r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong()}, 90);
    }

    private static PdqHash flipped(PdqHash h, int bits, Random r) {
        long[] b = h.bits();
        for (int i = 0; i < bits; i++) {
            int k = r.nextInt(256);
            b[k >> 6] ^= 1L << (k & 63);
        }
        return PdqHash.of(b, h.quality());
    }

    private static BufferedImage photo(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        Random random = new Random(1);
        int cell = Math.max(4, w / 40);
        for (int y = 0; y < h; y += cell) {
            for (int x = 0; x < w; x += cell) {
                g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
                g.fillRect(x, y, cell, cell);
            }
        }
        g.dispose();
        return image;
    }
}

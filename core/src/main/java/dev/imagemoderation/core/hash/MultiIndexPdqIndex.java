package dev.imagemoderation.core.hash;

import java.util.List;
import java.util.Optional;

/**
 * Meta's multi-index hash (MIH) for PDQ: the 256 bits cut into 16 bands of 16 bits, each band a table from its
 * value to the entries that have it. Two hashes within distance {@code d} agree within {@code d / 16} bits on
 * at least one band (pigeonhole), so a query probes, in each band, every value that close to its own and
 * compares only the entries found there.
 */
public final class MultiIndexPdqIndex<T> implements PdqIndex<T> {

    private static final int BANDS = 16;
    private static final int BAND_VALUES = 1 << 16;

    private final List<Entry<T>> entries;
    private final long[] packed;
    /** Per band, where each value's entries start in {@link #members} (compressed rows, one extra end). */
    private final int[][] starts = new int[BANDS][];

    private final int[][] members = new int[BANDS][];

    MultiIndexPdqIndex(List<Entry<T>> entries) {
        this.entries = List.copyOf(entries);
        int n = this.entries.size();
        packed = new long[n * 4];
        for (int i = 0; i < n; i++) {
            System.arraycopy(this.entries.get(i).hash().bits(), 0, packed, i * 4, 4);
        }
        for (int band = 0; band < BANDS; band++) {
            int[] count = new int[BAND_VALUES + 1];
            for (int i = 0; i < n; i++) {
                count[word(i, band) + 1]++;
            }
            for (int v = 0; v < BAND_VALUES; v++) {
                count[v + 1] += count[v];
            }
            int[] fill = count.clone();
            int[] bandMembers = new int[n];
            for (int i = 0; i < n; i++) {
                bandMembers[fill[word(i, band)]++] = i;
            }
            starts[band] = count;
            members[band] = bandMembers;
        }
    }

    private int word(int entry, int band) {
        return (int) (packed[entry * 4 + (band >> 2)] >>> ((band & 3) * 16)) & 0xFFFF;
    }

    @Override
    public Optional<Match<T>> nearest(PdqHash query, int maxDistance) {
        if (!query.usable()) {
            return Optional.empty();
        }
        long[] q = query.bits();
        int radius = maxDistance / BANDS;
        int[] best = {-1, maxDistance + 1};
        for (int band = 0; band < BANDS; band++) {
            int value = query.word16(band);
            probe(band, value, radius, 0, q, best);
        }
        if (best[0] < 0) {
            return Optional.empty();
        }
        Entry<T> e = entries.get(best[0]);
        return Optional.of(new Match<>(e.value(), e.hash(), best[1]));
    }

    /** Visits every band value within {@code radius} bits of {@code value}, flipping bits from {@code from} up. */
    private void probe(int band, int value, int radius, int from, long[] q, int[] best) {
        int[] bandStarts = starts[band];
        int[] bandMembers = members[band];
        for (int m = bandStarts[value]; m < bandStarts[value + 1]; m++) {
            int i = bandMembers[m];
            // An entry found in several bands is compared again: cheaper than remembering which were seen.
            int o = i * 4;
            int d = Long.bitCount(q[0] ^ packed[o])
                    + Long.bitCount(q[1] ^ packed[o + 1])
                    + Long.bitCount(q[2] ^ packed[o + 2])
                    + Long.bitCount(q[3] ^ packed[o + 3]);
            if (d < best[1]) {
                best[0] = i;
                best[1] = d;
            }
        }
        if (radius == 0) {
            return;
        }
        for (int bit = from; bit < 16; bit++) {
            probe(band, value ^ (1 << bit), radius - 1, bit + 1, q, best);
        }
    }

    @Override
    public int size() {
        return entries.size();
    }
}

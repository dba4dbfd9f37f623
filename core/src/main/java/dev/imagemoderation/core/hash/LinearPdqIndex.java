package dev.imagemoderation.core.hash;

import java.util.List;
import java.util.Optional;

/** Every entry compared in turn: the bits packed four longs apart, so the scan is a run of popcounts. */
public final class LinearPdqIndex<T> implements PdqIndex<T> {

    private final long[] packed;
    private final List<Entry<T>> entries;

    LinearPdqIndex(List<Entry<T>> entries) {
        this.entries = List.copyOf(entries);
        this.packed = new long[this.entries.size() * 4];
        for (int i = 0; i < this.entries.size(); i++) {
            System.arraycopy(this.entries.get(i).hash().bits(), 0, packed, i * 4, 4);
        }
    }

    @Override
    public Optional<Match<T>> nearest(PdqHash query, int maxDistance) {
        if (!query.usable()) {
            return Optional.empty();
        }
        long[] q = query.bits();
        int best = -1;
        int bestDistance = maxDistance + 1;
        for (int i = 0, o = 0; i < entries.size(); i++, o += 4) {
            int d = Long.bitCount(q[0] ^ packed[o])
                    + Long.bitCount(q[1] ^ packed[o + 1])
                    + Long.bitCount(q[2] ^ packed[o + 2])
                    + Long.bitCount(q[3] ^ packed[o + 3]);
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        if (best < 0) {
            return Optional.empty();
        }
        Entry<T> e = entries.get(best);
        return Optional.of(new Match<>(e.value(), e.hash(), bestDistance));
    }

    @Override
    public int size() {
        return entries.size();
    }
}

package dev.imagemoderation.core.hash;

import java.util.List;
import java.util.Optional;

/**
 * Near-match lookup of PDQ hashes: the closest entry within a distance. Hashes of quality under
 * {@link PdqHash#MIN_QUALITY} are never indexed and never match.
 *
 * @param <T> what an entry stands for (a decision, a bank line)
 */
public sealed interface PdqIndex<T> permits LinearPdqIndex, MultiIndexPdqIndex {

    /**
     * Entries up to this many are scanned one by one; beyond, a multi-index hash answers. Measured in
     * {@code bench/} ({@code PdqBenchmark}): the two cross near here on one core.
     */
    int LINEAR_UP_TO = 2_500;

    /** One hash and what it stands for. */
    record Entry<T>(PdqHash hash, T value) {}

    /** The entry nearest the query, and how far it is. */
    record Match<T>(T value, PdqHash hash, int distance) {}

    /** An index of the usable entries, of the kind their number calls for. */
    static <T> PdqIndex<T> of(List<Entry<T>> entries) {
        List<Entry<T>> usable = entries.stream().filter(e -> e.hash().usable()).toList();
        return usable.size() <= LINEAR_UP_TO ? new LinearPdqIndex<>(usable) : new MultiIndexPdqIndex<>(usable);
    }

    /** A linear scan at any size (benchmarks compare the two kinds where {@link #of} would pick one). */
    static <T> PdqIndex<T> linear(List<Entry<T>> entries) {
        return new LinearPdqIndex<>(
                entries.stream().filter(e -> e.hash().usable()).toList());
    }

    /** A multi-index hash at any size. */
    static <T> PdqIndex<T> multiIndex(List<Entry<T>> entries) {
        return new MultiIndexPdqIndex<>(
                entries.stream().filter(e -> e.hash().usable()).toList());
    }

    /** The nearest entry within {@code maxDistance}; empty when there is none or the query is too flat to trust. */
    Optional<Match<T>> nearest(PdqHash query, int maxDistance);

    int size();
}

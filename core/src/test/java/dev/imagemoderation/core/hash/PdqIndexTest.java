package dev.imagemoderation.core.hash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagemoderation.core.hash.PdqIndex.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PdqIndexTest {

    private final Random random = new Random(42);

    @Test
    void theMultiIndexFindsWhatTheLinearScanFindsAtEveryDistance() {
        List<Entry<Integer>> entries = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            entries.add(new Entry<>(randomHash(80), i));
        }
        LinearPdqIndex<Integer> linear = new LinearPdqIndex<>(entries);
        MultiIndexPdqIndex<Integer> mih = new MultiIndexPdqIndex<>(entries);

        for (int flips = 0; flips <= 40; flips++) {
            for (int trial = 0; trial < 20; trial++) {
                int target = random.nextInt(entries.size());
                PdqHash query = flipped(entries.get(target).hash(), flips);
                Optional<PdqIndex.Match<Integer>> expected = linear.nearest(query, PdqHash.MATCH_DISTANCE);
                Optional<PdqIndex.Match<Integer>> actual = mih.nearest(query, PdqHash.MATCH_DISTANCE);

                assertThat(actual.map(PdqIndex.Match::distance)).isEqualTo(expected.map(PdqIndex.Match::distance));
                if (flips <= PdqHash.MATCH_DISTANCE) {
                    assertThat(actual).isPresent();
                    assertThat(actual.get().distance()).isLessThanOrEqualTo(flips);
                }
            }
        }
    }

    @Test
    void nothingMatchesBeyondTheDistance() {
        PdqHash stored = randomHash(90);
        PdqIndex<String> index = PdqIndex.of(List.of(new Entry<>(stored, "bad")));

        assertThat(index.nearest(flipped(stored, 31), 31))
                .map(PdqIndex.Match::value)
                .contains("bad");
        assertThat(index.nearest(flipped(stored, 32), 31)).isEmpty();
    }

    @Test
    void flatHashesAreNeitherIndexedNorLookedUp() {
        PdqHash flat = randomHash(PdqHash.MIN_QUALITY - 1);
        PdqIndex<String> index = PdqIndex.of(List.of(new Entry<>(flat, "flat")));

        assertThat(index.size()).isZero();
        PdqHash good = PdqHash.of(flat.bits(), 100);
        PdqIndex<String> other = PdqIndex.of(List.of(new Entry<>(good, "good")));
        assertThat(other.nearest(flat, 31)).isEmpty();
        assertThat(other.nearest(good, 31)).isPresent();
    }

    @Test
    void aLargeSetIsIndexedByBands() {
        List<Entry<Integer>> entries = new ArrayList<>();
        for (int i = 0; i <= PdqIndex.LINEAR_UP_TO; i++) {
            entries.add(new Entry<>(randomHash(70), i));
        }
        PdqIndex<Integer> index = PdqIndex.of(entries);

        assertThat(index).isInstanceOf(MultiIndexPdqIndex.class);
        assertThat(index.nearest(flipped(entries.get(17).hash(), 20), 31))
                .map(PdqIndex.Match::value)
                .contains(17);
    }

    private PdqHash randomHash(int quality) {
        return PdqHash.of(
                new long[] {random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()}, quality);
    }

    private PdqHash flipped(PdqHash hash, int bits) {
        long[] b = hash.bits();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            positions.add(i);
        }
        java.util.Collections.shuffle(positions, random);
        for (int i = 0; i < bits; i++) {
            int k = positions.get(i);
            b[k >> 6] ^= 1L << (k & 63);
        }
        return PdqHash.of(b, hash.quality());
    }
}

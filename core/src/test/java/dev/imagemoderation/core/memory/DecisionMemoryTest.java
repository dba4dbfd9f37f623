package dev.imagemoderation.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagemoderation.core.hash.PdqHash;
import dev.imagemoderation.core.moderation.Action;
import dev.imagemoderation.core.moderation.Detection;
import dev.imagemoderation.core.moderation.ModerationLabel;
import dev.imagemoderation.core.testing.MutableClock;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DecisionMemoryTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final Random random = new Random(7);
    private final InMemoryDecisionStore store = new InMemoryDecisionStore();
    private final MutableClock clock = new MutableClock(T0);
    private final AtomicReference<List<HashBank>> banks = new AtomicReference<>(List.of());
    private final DecisionMemory memory =
            new DecisionMemory(store, banks::get, clock, Duration.ofMinutes(1), Duration.ofDays(30));

    @Test
    void theSameFileAllowedByAModeratorIsAllowedAndSaysByWhomAndWhen() {
        PdqHash pdq = randomHash();
        memory.remember(decision("T1", "sha-a", pdq, DecisionKind.ALLOWED));

        Recalled r = memory.recall("T1", "sha-a", pdq, "rekognition", "default@1");

        assertThat(r).isInstanceOf(Recalled.Decided.class);
        Recollection why = ((Recalled.Decided) r).recollection();
        assertThat(why.action()).isEqualTo(Action.ALLOW);
        assertThat(why.matchedBy()).isEqualTo(Recollection.MatchedBy.SHA256);
        assertThat(why.rule()).isEqualTo("allowed by <@UMOD> on 2026-12-01 (the same file)");
        assertThat(why.execution()).isEqualTo("T1-review-1-allow-UMOD");
    }

    @Test
    void aNearCopyOfAConfirmedRemovalIsRemovedByPdqWithItsDistance() {
        PdqHash pdq = randomHash();
        memory.remember(decision("T1", "sha-a", pdq, DecisionKind.REMOVAL_CONFIRMED));

        Recalled r = memory.recall("T1", "sha-other", flipped(pdq, 12), "rekognition", "default@1");

        Recollection why = ((Recalled.Decided) r).recollection();
        assertThat(why.action()).isEqualTo(Action.REMOVE);
        assertThat(why.distance()).isEqualTo(12);
        assertThat(why.rule()).isEqualTo("matches an image removed on 2026-12-01 (distance 12)");
    }

    @Test
    void aFarOrFlatHashMatchesNothing() {
        PdqHash pdq = randomHash();
        memory.remember(decision("T1", "sha-a", pdq, DecisionKind.REMOVAL_CONFIRMED));

        assertThat(memory.recall("T1", "sha-b", flipped(pdq, 40), null, null)).isInstanceOf(Recalled.Unknown.class);
        assertThat(memory.recall("T1", "sha-b", PdqHash.of(pdq.bits(), 49), null, null))
                .isInstanceOf(Recalled.Unknown.class);
    }

    @Test
    void workspacesNeverSeeEachOthersDecisions() {
        PdqHash pdq = randomHash();
        memory.remember(decision("T1", "sha-a", pdq, DecisionKind.ALLOWED));

        assertThat(memory.recall("T2", "sha-a", pdq, null, null)).isInstanceOf(Recalled.Unknown.class);
    }

    @Test
    void aWriteThroughThisInstanceIsSeenAtOnceAndAnotherProcesssWriteAfterTheTtl() {
        PdqHash pdq = randomHash();
        assertThat(memory.recall("T1", "sha-x", pdq, null, null)).isInstanceOf(Recalled.Unknown.class);

        store.record(decision("T1", "sha-a", pdq, DecisionKind.ALLOWED)); // another process
        assertThat(memory.recall("T1", "sha-x", pdq, null, null)).isInstanceOf(Recalled.Unknown.class);
        clock.advance(Duration.ofSeconds(61));
        assertThat(memory.recall("T1", "sha-x", pdq, null, null)).isInstanceOf(Recalled.Decided.class);
    }

    @Test
    void aBankMatchRemovesAndNamesTheBankOverAModeratorsPdqAllow() {
        PdqHash pdq = randomHash();
        memory.remember(decision("T1", "sha-a", pdq, DecisionKind.ALLOWED));
        banks.set(List.of(HashBankParser.parse("ncmec-test", new StringReader(pdq.hex() + ",100,<known>\n"))));
        clock.advance(Duration.ofMinutes(2));

        Recollection why =
                ((Recalled.Decided) memory.recall("T1", "sha-new", flipped(pdq, 3), null, null)).recollection();

        assertThat(why.source()).isEqualTo(Recollection.Source.HASH_BANK);
        assertThat(why.rule()).isEqualTo("matched bank ncmec-test (&lt;known&gt;) at PDQ distance 3");
        // the moderator looked at exactly this file: that decision stands
        assertThat(((Recalled.Decided) memory.recall("T1", "sha-a", pdq, null, null))
                        .recollection()
                        .action())
                .isEqualTo(Action.ALLOW);
    }

    @Test
    void cachedLabelsServeTheSameDetectorAndPolicyUntilTheyExpire() {
        Detection labels =
                new Detection(List.of(new ModerationLabel("Swimwear", "Suggestive", 91f, 2)), "7.0", List.of());
        memory.cache("T1", "sha-a", "rekognition", "default@1", labels, "DetectModerationLabels 7.0");

        Recalled hit = memory.recall("T1", "sha-a", null, "rekognition", "default@1");
        assertThat(hit).isInstanceOf(Recalled.Cached.class);
        assertThat(((Recalled.Cached) hit).entry().detection()).isEqualTo(labels);
        assertThat(memory.recall("T1", "sha-a", null, "local:mobilenet_v2", "default@1"))
                .isInstanceOf(Recalled.Unknown.class);
        assertThat(memory.recall("T1", "sha-a", null, "rekognition", "default@2"))
                .isInstanceOf(Recalled.Unknown.class);

        clock.advance(Duration.ofDays(30));
        assertThat(memory.recall("T1", "sha-a", null, "rekognition", "default@1"))
                .isInstanceOf(Recalled.Unknown.class);
    }

    private static Decision decision(String team, String sha, PdqHash pdq, DecisionKind kind) {
        return new Decision(team, sha, pdq.hex(), pdq.quality(), kind, "UMOD", T0, team + "-review-1-allow-UMOD");
    }

    private PdqHash randomHash() {
        return PdqHash.of(new long[] {random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()}, 90);
    }

    private static PdqHash flipped(PdqHash h, int n) {
        long[] b = h.bits();
        for (int k = 0; k < n; k++) {
            int bit = k * 7 % 256;
            b[bit >> 6] ^= 1L << (bit & 63);
        }
        return PdqHash.of(b, h.quality());
    }
}

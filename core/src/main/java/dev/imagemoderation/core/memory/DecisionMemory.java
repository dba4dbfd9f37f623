package dev.imagemoderation.core.memory;

import dev.imagemoderation.core.hash.PdqHash;
import dev.imagemoderation.core.hash.PdqIndex;
import dev.imagemoderation.core.moderation.Detection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recall's rules over the decision store and the hash banks. In order:
 *
 * <ol>
 *   <li>a moderator's decision about the very same file (SHA-256) — they looked at exactly this;
 *   <li>a hash bank's near match — lists from outside are authoritative about known material;
 *   <li>the nearest moderator decision by PDQ, within {@link PdqHash#MATCH_DISTANCE};
 *   <li>the detector's cached labels for the same file, detector and policy version.
 * </ol>
 *
 * Each workspace's PDQ entries are held in memory, loaded on first use and again after {@code indexTtl} (another
 * process may have written), and reloaded at once after a write through this instance.
 */
public final class DecisionMemory {

    private final DecisionStore store;
    private final HashBanks banks;
    private final Clock clock;
    private final Duration indexTtl;
    private final Duration cacheTtl;
    private final Map<String, Loaded<Decision>> decisionIndexes = new ConcurrentHashMap<>();
    private volatile Loaded<BankLine> bankIndex;

    public DecisionMemory(DecisionStore store, HashBanks banks, Clock clock, Duration indexTtl, Duration cacheTtl) {
        this.store = store;
        this.banks = banks;
        this.clock = clock;
        this.indexTtl = indexTtl;
        this.cacheTtl = cacheTtl;
    }

    /** One line of a bank, as the index holds it. */
    private record BankLine(String bank, String label) {}

    private record Loaded<T>(PdqIndex<T> index, Instant loadedAt) {}

    /**
     * What is known of this image.
     *
     * @param pdq the analysed image's hash, or null when it has none
     */
    public Recalled recall(String teamId, String sha256, PdqHash pdq, String detector, String policyVersion) {
        if (sha256 != null) {
            Optional<Decision> same = store.decision(teamId, sha256);
            if (same.isPresent()) {
                return new Recalled.Decided(Recollection.ofDecision(same.get(), Recollection.MatchedBy.SHA256, 0));
            }
        }
        if (pdq != null && pdq.usable()) {
            Optional<PdqIndex.Match<BankLine>> banked = bankIndex().nearest(pdq, PdqHash.MATCH_DISTANCE);
            if (banked.isPresent()) {
                BankLine line = banked.get().value();
                return new Recalled.Decided(Recollection.ofBank(
                        line.bank(), line.label(), banked.get().distance()));
            }
            Optional<PdqIndex.Match<Decision>> near = decisionIndex(teamId).nearest(pdq, PdqHash.MATCH_DISTANCE);
            if (near.isPresent()) {
                return new Recalled.Decided(Recollection.ofDecision(
                        near.get().value(),
                        Recollection.MatchedBy.PDQ,
                        near.get().distance()));
            }
        }
        if (sha256 != null && detector != null && policyVersion != null && cacheOn()) {
            Optional<CachedDetection> cached = store.cached(teamId, sha256, detector, policyVersion, clock.instant());
            if (cached.isPresent()) {
                return new Recalled.Cached(cached.get(), Recollection.ofCache(cached.get()));
            }
        }
        return new Recalled.Unknown();
    }

    /** Records a moderator's decision; this instance's next recall of the workspace sees it. */
    public void remember(Decision decision) {
        store.record(decision);
        decisionIndexes.remove(decision.teamId());
    }

    /** Keeps the detector's labels for {@code cacheTtl}. */
    public void cache(
            String teamId,
            String sha256,
            String detector,
            String policyVersion,
            Detection detection,
            String detectorLabel) {
        if (!cacheOn()) {
            return;
        }
        Instant now = clock.instant();
        store.cache(new CachedDetection(
                teamId, sha256, detector, policyVersion, detection, detectorLabel, now, now.plus(cacheTtl)));
    }

    private PdqIndex<Decision> decisionIndex(String teamId) {
        Instant now = clock.instant();
        Loaded<Decision> loaded = decisionIndexes.get(teamId);
        if (loaded == null || stale(loaded.loadedAt(), now)) {
            List<PdqIndex.Entry<Decision>> entries = new ArrayList<>();
            for (Decision d : store.decisionsWithPdq(teamId)) {
                entries.add(new PdqIndex.Entry<>(d.pdqHash(), d));
            }
            loaded = new Loaded<>(PdqIndex.of(entries), now);
            decisionIndexes.put(teamId, loaded);
        }
        return loaded.index();
    }

    private PdqIndex<BankLine> bankIndex() {
        Instant now = clock.instant();
        Loaded<BankLine> loaded = bankIndex;
        if (loaded == null || stale(loaded.loadedAt(), now)) {
            List<PdqIndex.Entry<BankLine>> entries = new ArrayList<>();
            for (HashBank bank : banks.banks()) {
                for (HashBank.Entry e : bank.entries()) {
                    entries.add(new PdqIndex.Entry<>(e.hash(), new BankLine(bank.name(), e.label())));
                }
            }
            loaded = new Loaded<>(PdqIndex.of(entries), now);
            bankIndex = loaded;
        }
        return loaded.index();
    }

    /** A cache of zero days is no cache. */
    private boolean cacheOn() {
        return !cacheTtl.isZero();
    }

    private boolean stale(Instant loadedAt, Instant now) {
        return !now.isBefore(loadedAt.plus(indexTtl));
    }
}

package dev.imagemoderation.core.memory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A small fake behind the port, for the rules' unit tests; the real adapters pass the contract test in local. */
final class InMemoryDecisionStore implements DecisionStore {

    private final Map<String, Decision> decisions = new ConcurrentHashMap<>();
    private final Map<String, CachedDetection> cache = new ConcurrentHashMap<>();
    int decisionLoads;

    @Override
    public void record(Decision d) {
        decisions.put(d.teamId() + "/" + d.sha256(), d);
    }

    @Override
    public Optional<Decision> decision(String teamId, String sha256) {
        return Optional.ofNullable(decisions.get(teamId + "/" + sha256));
    }

    @Override
    public List<Decision> decisionsWithPdq(String teamId) {
        decisionLoads++;
        return decisions.values().stream()
                .filter(d -> d.teamId().equals(teamId) && d.pdq() != null)
                .toList();
    }

    @Override
    public void cache(CachedDetection e) {
        cache.put(e.teamId() + "/" + e.sha256() + "/" + e.detector() + "/" + e.policyVersion(), e);
    }

    @Override
    public Optional<CachedDetection> cached(
            String teamId, String sha256, String detector, String policyVersion, Instant now) {
        return Optional.ofNullable(cache.get(teamId + "/" + sha256 + "/" + detector + "/" + policyVersion))
                .filter(c -> c.validAt(now));
    }
}

package dev.imagemoderation.core.memory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The bot's memory, keyed by workspace: moderators' decisions and the detector's cached labels. DynamoDB on
 * AWS, an embedded database in local mode; one contract test runs against every adapter. A workspace never
 * reads another's entries.
 */
public interface DecisionStore {

    /** Keeps a decision; a later decision about the same original replaces the earlier one. */
    void record(Decision decision);

    /** The decision about exactly this original, if any. */
    Optional<Decision> decision(String teamId, String sha256);

    /** Every decision of the workspace that has a PDQ hash: what near-matching reposts are compared with. */
    List<Decision> decisionsWithPdq(String teamId);

    void cache(CachedDetection entry);

    /**
     * The cached labels for this original from this detector under this policy, unless expired by
     * {@code now}. (DynamoDB's TTL deletes expired items only eventually, so every adapter checks the time.)
     */
    Optional<CachedDetection> cached(String teamId, String sha256, String detector, String policyVersion, Instant now);
}

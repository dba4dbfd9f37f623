package dev.imagemoderation.core.memory;

import dev.imagemoderation.core.hash.PdqHash;
import java.time.Instant;
import java.util.Objects;

/**
 * A moderator's decision about one image, kept for its reposts: keyed by workspace and the SHA-256 of the
 * original, and matched by PDQ when the image comes back re-encoded or resized.
 *
 * @param pdq the analysed image's PDQ hash in hex, or null when it had none (a video, an image too small)
 * @param execution the review execution that recorded it, so that the Step Functions console shows why
 */
public record Decision(
        String teamId,
        String sha256,
        String pdq,
        int pdqQuality,
        DecisionKind kind,
        String actor,
        Instant decidedAt,
        String execution) {

    public Decision {
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(decidedAt, "decidedAt");
    }

    /** The PDQ hash, when there is one. */
    public PdqHash pdqHash() {
        return pdq == null ? null : PdqHash.fromHex(pdq, pdqQuality);
    }
}

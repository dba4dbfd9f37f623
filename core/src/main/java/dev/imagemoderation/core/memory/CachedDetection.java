package dev.imagemoderation.core.memory;

import dev.imagemoderation.core.moderation.Detection;
import java.time.Instant;
import java.util.Objects;

/**
 * The detector's labels for one original (by SHA-256), kept so that a repost costs no second call. They are
 * valid only for the detector and the policy version that produced them, and only until {@code expiresAt}.
 *
 * @param detector the configured detector's identity ({@code rekognition}, {@code local:mobilenet_v2})
 * @param detectorLabel how the verdict named the detector ("DetectModerationLabels 7.0"), repeated on a hit
 */
public record CachedDetection(
        String teamId,
        String sha256,
        String detector,
        String policyVersion,
        Detection detection,
        String detectorLabel,
        Instant storedAt,
        Instant expiresAt) {

    public CachedDetection {
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(policyVersion, "policyVersion");
        Objects.requireNonNull(detection, "detection");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean validAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}

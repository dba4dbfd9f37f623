package dev.imagemoderation.slackactions.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagemoderation.core.errors.StorageUnavailableException;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.review.ReviewAction;
import dev.imagemoderation.core.review.ReviewRequest;
import dev.imagemoderation.core.review.ReviewTaskInput.Claim;
import java.io.IOException;
import java.time.Clock;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One action per report: the first to write the report's claim object wins. The write is
 * conditional ({@code If-None-Match: *}), so S3 itself refuses the second, whichever button
 * or moderator it comes from; the loser reads who won. A retried task finds its own claim
 * and still holds it.
 */
public final class ReportClaims {

    private final S3Client s3;
    private final String bucket;
    private final Clock clock;

    public ReportClaims(S3Client s3, String bucket, Clock clock) {
        this.s3 = s3;
        this.bucket = bucket;
        this.clock = clock;
    }

    static String key(ReviewRequest r) {
        return "reviews/" + r.teamId() + "/" + r.reportChannel() + "/" + r.reportTs() + ".json";
    }

    public Claim claim(ReviewRequest r) {
        long now = clock.instant().getEpochSecond();
        String body = Json.mapper()
                .createObjectNode()
                .put("actorId", r.actorId())
                .put("action", r.action().name())
                .put("at", now)
                .put("moderation", r.moderation())
                .toString();
        try {
            s3.putObject(
                    b -> b.bucket(bucket).key(key(r)).ifNoneMatch("*").contentType("application/json"),
                    RequestBody.fromString(body));
            return new Claim(true, r.actorId(), r.action(), now);
        } catch (S3Exception e) {
            if (e.statusCode() != 412) {
                throw unavailable(e);
            }
        } catch (SdkException e) {
            throw unavailable(e);
        }
        Claim held = read(r);
        boolean ours = held.actorId().equals(r.actorId()) && held.action() == r.action();
        return new Claim(ours, held.actorId(), held.action(), held.at());
    }

    /** Gives the report back, when the action that claimed it changed nothing (a restore with nothing to restore). */
    public Claim release(ReviewRequest r) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key(r)));
        } catch (SdkException e) {
            throw unavailable(e);
        }
        return new Claim(false, r.actorId(), r.action(), clock.instant().getEpochSecond());
    }

    private Claim read(ReviewRequest r) {
        try {
            JsonNode c = Json.mapper()
                    .readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key(r)))
                            .asByteArray());
            return new Claim(
                    false,
                    c.path("actorId").asText(),
                    ReviewAction.valueOf(c.path("action").asText()),
                    c.path("at").asLong());
        } catch (NoSuchKeyException e) {
            // Released between our write and this read: the next try may win.
            throw new StorageUnavailableException("the report's claim changed while it was read; try again");
        } catch (IOException | IllegalArgumentException e) {
            throw new StorageUnavailableException("the report's claim " + key(r) + " is unreadable");
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    private static StorageUnavailableException unavailable(SdkException e) {
        return new StorageUnavailableException(
                "S3 claim for the report failed: " + e.getClass().getSimpleName());
    }
}

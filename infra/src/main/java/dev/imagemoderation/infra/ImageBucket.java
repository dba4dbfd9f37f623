package dev.imagemoderation.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The bucket for fetched images ({@code incoming/}, a day) and removed originals
 * ({@code quarantine/}, kept to restore false positives, then expired). SSE-S3 rather
 * than KMS: Rekognition reads the objects with the caller's permissions, and SSE-S3
 * needs no key grants. Retained on {@code cdk destroy}, with its access logs.
 */
public final class ImageBucket extends Construct {

    public static final String INCOMING = "incoming/";
    public static final String QUARANTINE = "quarantine/";

    private final Bucket bucket;

    public ImageBucket(Construct scope, String id, int quarantineDays) {
        super(scope, id);
        Bucket accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
                .lifecycleRules(List.of(
                        LifecycleRule.builder().expiration(Duration.days(365)).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        bucket = Bucket.Builder.create(this, "Images")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("images/")
                .lifecycleRules(List.of(
                        LifecycleRule.builder()
                                .id("ExpireIncoming")
                                .prefix(INCOMING)
                                .expiration(Duration.days(1))
                                .build(),
                        LifecycleRule.builder()
                                .id("ExpireQuarantine")
                                .prefix(QUARANTINE)
                                .expiration(Duration.days(quarantineDays))
                                .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    public Bucket bucket() {
        return bucket;
    }
}

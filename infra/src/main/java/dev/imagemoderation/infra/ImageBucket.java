package dev.imagemoderation.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
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
    /** The reports' claims: one small object per report a moderator acted on. */
    public static final String REVIEWS = "reviews/";

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

    /**
     * Fences the quarantine inside the account: it may hold illegal material, so nobody reads it but the
     * given roles (the workflow's) and a named break-glass role, whatever their IAM policies allow.
     *
     * @param breakGlassRoleArn the role an operator assumes to look at a quarantined image; null or empty
     *     for none
     */
    public void fenceQuarantine(List<IRole> readers, String breakGlassRoleArn) {
        List<String> allowed = new ArrayList<>();
        readers.forEach(r -> allowed.add(r.getRoleArn()));
        if (breakGlassRoleArn != null && !breakGlassRoleArn.isBlank()) {
            allowed.add(breakGlassRoleArn);
        }
        bucket.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("QuarantineReadOnlyByTheWorkflowAndBreakGlass")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("s3:GetObject", "s3:GetObjectVersion"))
                .resources(List.of(bucket.arnForObjects(QUARANTINE + "*")))
                .conditions(Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", allowed)))
                .build());
    }

    public Bucket bucket() {
        return bucket;
    }
}

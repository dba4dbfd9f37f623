package dev.imagemoderation.moderate;

import dev.imagemoderation.aws.EmbeddedMetrics;
import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.SdkDefaults;
import dev.imagemoderation.aws.Secrets;
import dev.imagemoderation.aws.memory.DynamoDbDecisionStore;
import dev.imagemoderation.core.memory.DecisionMemory;
import dev.imagemoderation.core.memory.HashBanks;
import dev.imagemoderation.core.metrics.ModerationMetrics;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The three moderation services, wired from {@link ModerationConfig}. Reads no secret. */
public record Moderation(FetchImageService fetch, RecallService recall, DetectLabelsService detect) {

    /** How long a workspace's PDQ entries and the banks are trusted before they are read again. */
    public static final Duration MEMORY_INDEX_TTL = Duration.ofMinutes(1);

    /** Without a memory: Recall passes every image on to the detector. */
    public static Moderation from(ModerationConfig config, S3Client s3, RekognitionClient rekognition) {
        return from(config, s3, rekognition, ModerationMetrics.NONE, null);
    }

    /**
     * @param memory the decision memory Recall consults and DetectLabels caches into, or null for none
     */
    public static Moderation from(
            ModerationConfig config,
            S3Client s3,
            RekognitionClient rekognition,
            ModerationMetrics metrics,
            DecisionMemory memory) {
        return new Moderation(
                new FetchImageService(
                        new FileInfoResolver(config.slack().api(), config.botToken()),
                        new SlackDownloader(config.slack().allowlist(), config.botToken()),
                        new ImageStore(s3, config.bucket()),
                        new ImagePreparer(config.policy().animation()),
                        new RemoteImageFetcher(config.testOnlyRemoteOrigins())),
                new RecallService(memory, config.policy(), config.detectorId(), metrics),
                new DetectLabelsService(
                        rekognition, config.bucket(), config.policy(), metrics, memory, config.detectorId()));
    }

    /** The memory a deployment's settings describe: the DynamoDB table and the S3 banks, or none without a table. */
    public static DecisionMemory memory(ModerationConfig config, S3Client s3) {
        if (config.decisionTable().isEmpty()) {
            return null;
        }
        HashBanks banks = config.hashBanks().isEmpty() ? HashBanks.NONE : new S3HashBanks(s3, config.hashBanks());
        return new DecisionMemory(
                DynamoDbDecisionStore.withDefaultClient(config.decisionTable().get()),
                banks,
                Clock.systemUTC(),
                MEMORY_INDEX_TTL,
                config.verdictCacheTtl());
    }

    /** What the handlers' no-argument constructors use: the Lambda environment and default clients. */
    public static Moderation fromEnv() {
        ModerationConfig config = ModerationConfig.from(Env.system(), Secrets.withDefaultClient());
        S3Client s3 = S3Client.builder()
                .httpClient(SdkDefaults.httpClient())
                .overrideConfiguration(SdkDefaults.overrides(Duration.ofSeconds(30)))
                .build();
        return from(
                config,
                s3,
                RekognitionClient.builder()
                        .httpClient(SdkDefaults.httpClient())
                        .overrideConfiguration(SdkDefaults.overrides(Duration.ofSeconds(30)))
                        .build(),
                EmbeddedMetrics.stdout(),
                memory(config, s3));
    }
}

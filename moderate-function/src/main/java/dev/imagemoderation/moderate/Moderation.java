package dev.imagemoderation.moderate;

import dev.imagemoderation.aws.EmbeddedMetrics;
import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.SdkDefaults;
import dev.imagemoderation.aws.Secrets;
import dev.imagemoderation.core.metrics.ModerationMetrics;
import java.time.Duration;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The two moderation services, wired from {@link ModerationConfig}. Reads no secret. */
public record Moderation(FetchImageService fetch, DetectLabelsService detect) {

    public static Moderation from(ModerationConfig config, S3Client s3, RekognitionClient rekognition) {
        return from(config, s3, rekognition, ModerationMetrics.NONE);
    }

    public static Moderation from(
            ModerationConfig config, S3Client s3, RekognitionClient rekognition, ModerationMetrics metrics) {
        return new Moderation(
                new FetchImageService(
                        new FileInfoResolver(config.slack().api(), config.botToken()),
                        new SlackDownloader(config.slack().allowlist(), config.botToken()),
                        new ImageStore(s3, config.bucket()),
                        new ImagePreparer(config.policy().animation()),
                        new RemoteImageFetcher(config.testOnlyRemoteOrigins())),
                new DetectLabelsService(rekognition, config.bucket(), config.policy(), metrics));
    }

    /** What the handlers' no-argument constructors use: the Lambda environment and default clients. */
    public static Moderation fromEnv() {
        return from(
                ModerationConfig.from(Env.system(), Secrets.withDefaultClient()),
                S3Client.builder()
                        .httpClient(SdkDefaults.httpClient())
                        .overrideConfiguration(SdkDefaults.overrides(Duration.ofSeconds(30)))
                        .build(),
                RekognitionClient.builder()
                        .httpClient(SdkDefaults.httpClient())
                        .overrideConfiguration(SdkDefaults.overrides(Duration.ofSeconds(30)))
                        .build(),
                EmbeddedMetrics.stdout());
    }
}

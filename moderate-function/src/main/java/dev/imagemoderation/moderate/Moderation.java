package dev.imagemoderation.moderate;

import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.PolicySetting;
import dev.imagemoderation.aws.SdkDefaults;
import dev.imagemoderation.aws.Secrets;
import dev.imagemoderation.core.moderation.Policy;
import dev.imagemoderation.core.secrets.Secret;
import dev.imagemoderation.core.slack.HostAllowlist;
import dev.imagemoderation.slack.SlackApi;
import java.time.Duration;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The two moderation services, wired. From the environment: {@code BUCKET_NAME},
 * {@code POLICY} (preset or file; default {@code default}), {@code SLACK_BOT_TOKEN[_ARN]},
 * {@code SLACK_API_URL}, {@code SLACK_ALLOWED_HOSTS}; S3 and Rekognition endpoints come
 * from the SDK's own {@code AWS_ENDPOINT_URL_S3} / {@code AWS_ENDPOINT_URL_REKOGNITION}.
 */
public record Moderation(FetchImageService fetch, DetectLabelsService detect) {

    public static Moderation create(Env env, Secrets secrets, S3Client s3, RekognitionClient rekognition) {
        String bucket = env.required("BUCKET_NAME");
        Policy policy = PolicySetting.load(env);
        HostAllowlist allowlist = HostAllowlist.slackPlus(env.list("SLACK_ALLOWED_HOSTS"));
        Secret botToken = secrets.fromEnv(env, "SLACK_BOT_TOKEN");
        SlackApi api = new SlackApi(env.optional("SLACK_API_URL").orElse("https://slack.com/api/"), allowlist);
        return new Moderation(
                new FetchImageService(
                        new FileInfoResolver(api, botToken),
                        new SlackDownloader(allowlist, botToken),
                        new ImageStore(s3, bucket)),
                new DetectLabelsService(rekognition, bucket, policy));
    }

    public static Moderation fromEnv() {
        return create(
                Env.system(),
                Secrets.withDefaultClient(),
                S3Client.builder()
                        .httpClient(SdkDefaults.httpClient())
                        .overrideConfiguration(SdkDefaults.overrides(Duration.ofSeconds(30)))
                        .build(),
                RekognitionClient.builder()
                        .httpClient(SdkDefaults.httpClient())
                        .overrideConfiguration(SdkDefaults.overrides(Duration.ofSeconds(30)))
                        .build());
    }
}

package dev.imagemoderation.moderate;

import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.PolicySetting;
import dev.imagemoderation.aws.Secrets;
import dev.imagemoderation.core.config.Setting;
import dev.imagemoderation.core.moderation.Policy;
import dev.imagemoderation.core.secrets.Secret;
import dev.imagemoderation.slack.SlackConnection;
import java.util.Set;

/**
 * FetchImage's and DetectLabels' settings: {@link Setting#BUCKET_NAME}, {@link Setting#POLICY},
 * {@link Setting#SLACK_BOT_TOKEN} (or its ARN), {@link Setting#SLACK_API_URL} and
 * {@link Setting#SLACK_ALLOWED_HOSTS}, and for tests {@link Setting#TEST_ONLY_REMOTE_IMAGE_ORIGINS}. The S3 and Rekognition endpoints are the SDK's own
 * {@code AWS_ENDPOINT_URL_S3} and {@code AWS_ENDPOINT_URL_REKOGNITION}.
 */
public record ModerationConfig(
        String bucket, Policy policy, SlackConnection slack, Secret botToken, Set<String> testOnlyRemoteOrigins) {

    public ModerationConfig {
        testOnlyRemoteOrigins = testOnlyRemoteOrigins == null ? Set.of() : Set.copyOf(testOnlyRemoteOrigins);
    }

    public static ModerationConfig from(Env env, Secrets secrets) {
        return new ModerationConfig(
                env.required(Setting.BUCKET_NAME),
                PolicySetting.load(env),
                SlackConnection.of(
                        env.optional(Setting.SLACK_API_URL).orElse(null), env.list(Setting.SLACK_ALLOWED_HOSTS)),
                secrets.fromEnv(env, Setting.SLACK_BOT_TOKEN),
                env.list(Setting.TEST_ONLY_REMOTE_IMAGE_ORIGINS));
    }
}

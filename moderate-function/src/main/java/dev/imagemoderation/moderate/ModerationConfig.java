package dev.imagemoderation.moderate;

import dev.imagemoderation.aws.ConfigurationException;
import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.PolicySetting;
import dev.imagemoderation.aws.Secrets;
import dev.imagemoderation.core.config.Setting;
import dev.imagemoderation.core.moderation.Policy;
import dev.imagemoderation.core.secrets.Secret;
import dev.imagemoderation.slack.SlackConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * FetchImage's and DetectLabels' settings: {@link Setting#BUCKET_NAME}, {@link Setting#POLICY},
 * {@link Setting#SLACK_BOT_TOKEN} (or its ARN), {@link Setting#SLACK_API_URL} and
 * {@link Setting#SLACK_ALLOWED_HOSTS}, for the memory {@link Setting#DECISION_TABLE}, {@link Setting#DETECTOR_ID},
 * {@link Setting#VERDICT_CACHE_DAYS} and {@link Setting#HASH_BANKS}, and for tests
 * {@link Setting#TEST_ONLY_REMOTE_IMAGE_ORIGINS}. The S3 and Rekognition endpoints are the SDK's own
 * {@code AWS_ENDPOINT_URL_S3} and {@code AWS_ENDPOINT_URL_REKOGNITION}.
 */
public record ModerationConfig(
        String bucket,
        Policy policy,
        SlackConnection slack,
        Secret botToken,
        Set<String> testOnlyRemoteOrigins,
        String detectorId,
        Duration verdictCacheTtl,
        Optional<String> decisionTable,
        Map<String, URI> hashBanks) {

    /** Rekognition's identity in the verdict cache, unless {@link Setting#DETECTOR_ID} names another. */
    public static final String REKOGNITION = "rekognition";

    public static final int DEFAULT_CACHE_DAYS = 30;

    public ModerationConfig {
        testOnlyRemoteOrigins = testOnlyRemoteOrigins == null ? Set.of() : Set.copyOf(testOnlyRemoteOrigins);
        detectorId = detectorId == null ? REKOGNITION : detectorId;
        verdictCacheTtl = verdictCacheTtl == null ? Duration.ofDays(DEFAULT_CACHE_DAYS) : verdictCacheTtl;
        decisionTable = decisionTable == null ? Optional.empty() : decisionTable;
        hashBanks = hashBanks == null ? Map.of() : Map.copyOf(hashBanks);
    }

    public ModerationConfig(
            String bucket, Policy policy, SlackConnection slack, Secret botToken, Set<String> testOnlyRemoteOrigins) {
        this(bucket, policy, slack, botToken, testOnlyRemoteOrigins, null, null, null, null);
    }

    public static ModerationConfig from(Env env, Secrets secrets) {
        return new ModerationConfig(
                env.required(Setting.BUCKET_NAME),
                PolicySetting.load(env),
                SlackConnection.of(
                        env.optional(Setting.SLACK_API_URL).orElse(null), env.list(Setting.SLACK_ALLOWED_HOSTS)),
                secrets.fromEnv(env, Setting.SLACK_BOT_TOKEN),
                env.list(Setting.TEST_ONLY_REMOTE_IMAGE_ORIGINS),
                env.optional(Setting.DETECTOR_ID).orElse(REKOGNITION),
                Duration.ofDays(cacheDays(env)),
                env.optional(Setting.DECISION_TABLE),
                S3HashBanks.parse(env.list(Setting.HASH_BANKS)));
    }

    private static int cacheDays(Env env) {
        String days = env.optional(Setting.VERDICT_CACHE_DAYS).orElse(Integer.toString(DEFAULT_CACHE_DAYS));
        try {
            int n = Integer.parseInt(days.strip());
            if (n < 0 || n > 3650) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigurationException(
                    Setting.VERDICT_CACHE_DAYS + " is a whole number of days from 0 to 3650; got '" + days + "'");
        }
    }
}

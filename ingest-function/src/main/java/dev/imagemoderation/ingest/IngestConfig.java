package dev.imagemoderation.ingest;

import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.PolicySetting;
import dev.imagemoderation.aws.Secrets;
import dev.imagemoderation.core.config.Setting;
import dev.imagemoderation.core.ingest.IngestRules;
import dev.imagemoderation.core.secrets.Secret;

/**
 * Ingest's settings: {@link Setting#QUEUE_URL} (required), {@link Setting#SLACK_SIGNING_SECRET}
 * (or its ARN; read on the first request), {@link Setting#SLACK_APP_ID} and {@link Setting#SLACK_BOT_ID}
 * (this app's own posts are skipped), {@link Setting#POLICY} (whose {@code exemptChannels} ingest
 * skips) and {@link Setting#EXEMPT_BOT_IDS} (bots whose posts are trusted).
 */
public record IngestConfig(String queueUrl, IngestRules rules, Secret signingSecret) {

    public static IngestConfig from(Env env, Secrets secrets) {
        return new IngestConfig(
                env.required(Setting.QUEUE_URL),
                new IngestRules(
                        env.optional(Setting.SLACK_APP_ID).orElse(null),
                        env.optional(Setting.SLACK_BOT_ID).orElse(null),
                        PolicySetting.load(env).exemptChannels(),
                        env.list(Setting.EXEMPT_BOT_IDS)),
                secrets.fromEnv(env, Setting.SLACK_SIGNING_SECRET));
    }
}

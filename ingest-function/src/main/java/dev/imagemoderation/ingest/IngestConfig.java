package dev.imagemoderation.ingest;

import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.PolicySetting;
import dev.imagemoderation.core.ingest.IngestRules;

/**
 * Ingest's settings, from the environment.
 *
 * <ul>
 *   <li>{@code QUEUE_URL}: the moderation queue (required)
 *   <li>{@code SLACK_SIGNING_SECRET} or {@code SLACK_SIGNING_SECRET_ARN}: read on first request
 *   <li>{@code SLACK_APP_ID}, {@code SLACK_BOT_ID}: this app's identity, whose posts are skipped
 *   <li>{@code POLICY}: the moderation policy, whose {@code exemptChannels} ingest skips
 *   <li>{@code EXEMPT_BOT_IDS}: comma-separated ids of bots whose posts are trusted
 * </ul>
 */
public record IngestConfig(String queueUrl, IngestRules rules) {

    public static final String SIGNING_SECRET = "SLACK_SIGNING_SECRET";

    public static IngestConfig from(Env env) {
        return new IngestConfig(
                env.required("QUEUE_URL"),
                new IngestRules(
                        env.optional("SLACK_APP_ID").orElse(null),
                        env.optional("SLACK_BOT_ID").orElse(null),
                        PolicySetting.load(env).exemptChannels(),
                        env.list("EXEMPT_BOT_IDS")));
    }
}

package dev.imagemoderation.slackactions;

import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.PolicySetting;
import dev.imagemoderation.aws.Secrets;
import dev.imagemoderation.core.moderation.Policy;
import dev.imagemoderation.core.secrets.Secret;
import dev.imagemoderation.core.slack.HostAllowlist;
import dev.imagemoderation.slack.SlackApi;

/**
 * The Slack actions' settings, from the environment:
 * {@code SLACK_BOT_TOKEN[_ARN]}, {@code SLACK_ADMIN_TOKEN[_ARN]} (a workspace admin's user
 * token: only it can delete other people's files), {@code MODERATORS_CHANNEL},
 * {@code POLICY} (a preset name or a file path; default {@code default}),
 * {@code SLACK_API_URL} (default {@code https://slack.com/api/}) and
 * {@code SLACK_ALLOWED_HOSTS} (hosts added to Slack's own on the token allowlist).
 */
public record SlackActionsConfig(
        SlackApi api, Secret botToken, Secret adminToken, String moderatorsChannel, Policy policy) {

    public static final String DEFAULT_API_URL = "https://slack.com/api/";

    public static SlackActionsConfig from(Env env, Secrets secrets) {
        Policy policy = PolicySetting.load(env);
        return new SlackActionsConfig(
                new SlackApi(
                        env.optional("SLACK_API_URL").orElse(DEFAULT_API_URL),
                        HostAllowlist.slackPlus(env.list("SLACK_ALLOWED_HOSTS"))),
                secrets.fromEnv(env, "SLACK_BOT_TOKEN"),
                secrets.fromEnv(env, "SLACK_ADMIN_TOKEN"),
                env.optional("MODERATORS_CHANNEL").orElse(null),
                policy);
    }
}

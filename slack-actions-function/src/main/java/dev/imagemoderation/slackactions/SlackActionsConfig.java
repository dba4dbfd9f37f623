package dev.imagemoderation.slackactions;

import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.PolicySetting;
import dev.imagemoderation.aws.Secrets;
import dev.imagemoderation.core.config.Setting;
import dev.imagemoderation.core.moderation.Policy;
import dev.imagemoderation.core.secrets.Secret;
import dev.imagemoderation.core.slack.HostAllowlist;
import dev.imagemoderation.slack.SlackApi;
import dev.imagemoderation.slack.SlackConnection;
import java.util.Optional;

/**
 * The Slack actions' settings: {@link Setting#SLACK_BOT_TOKEN}, {@link Setting#SLACK_ADMIN_TOKEN} (a
 * workspace admin's user token: only it can delete other people's files), each or its ARN;
 * {@link Setting#MODERATORS_CHANNEL}, {@link Setting#POLICY}, {@link Setting#SLACK_API_URL} and
 * {@link Setting#SLACK_ALLOWED_HOSTS}; for the review actions {@link Setting#BUCKET_NAME} (the
 * reports' claims and the quarantined originals).
 */
public record SlackActionsConfig(
        SlackApi api,
        HostAllowlist allowlist,
        Secret botToken,
        Secret adminToken,
        String moderatorsChannel,
        Policy policy,
        String bucket,
        Optional<String> decisionTable) {

    public static SlackActionsConfig from(Env env, Secrets secrets) {
        SlackConnection slack = SlackConnection.of(
                env.optional(Setting.SLACK_API_URL).orElse(null), env.list(Setting.SLACK_ALLOWED_HOSTS));
        return new SlackActionsConfig(
                slack.api(),
                slack.allowlist(),
                secrets.fromEnv(env, Setting.SLACK_BOT_TOKEN),
                secrets.fromEnv(env, Setting.SLACK_ADMIN_TOKEN),
                env.optional(Setting.MODERATORS_CHANNEL).orElse(null),
                PolicySetting.load(env),
                env.optional(Setting.BUCKET_NAME).orElse(null),
                env.optional(Setting.DECISION_TABLE));
    }
}

package dev.imagemoderation.slackactions;

import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.Secrets;
import dev.imagemoderation.core.moderation.NoticeTexts;

/** The services every Slack action handler is built from. Reads no secret: tokens are read on first use. */
public record SlackActions(FileRemover remover, Notifier notifier) {

    public static SlackActions from(SlackActionsConfig config) {
        return new SlackActions(
                new FileRemover(
                        config.api(),
                        config.adminToken(),
                        config.botToken(),
                        config.policy().deleteMessage()),
                new Notifier(
                        config.api(), config.botToken(), config.moderatorsChannel(), new NoticeTexts(config.policy())));
    }

    public static SlackActions fromEnv() {
        return from(SlackActionsConfig.from(Env.system(), Secrets.withDefaultClient()));
    }
}

package dev.imagemoderation.slackactions;

import dev.imagemoderation.aws.EmbeddedMetrics;
import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.Secrets;
import dev.imagemoderation.core.metrics.ModerationMetrics;
import dev.imagemoderation.core.moderation.NoticeTexts;
import java.time.Clock;

/** The services every Slack action handler is built from. Reads no secret: tokens are read on first use. */
public record SlackActions(FileRemover remover, Notifier notifier) {

    public static SlackActions from(SlackActionsConfig config) {
        return from(config, ModerationMetrics.NONE);
    }

    public static SlackActions from(SlackActionsConfig config, ModerationMetrics metrics) {
        return new SlackActions(
                new FileRemover(
                        config.api(),
                        config.adminToken(),
                        config.botToken(),
                        config.policy().deleteMessage(),
                        metrics,
                        Clock.systemUTC()),
                new Notifier(
                        config.api(),
                        config.botToken(),
                        config.moderatorsChannel(),
                        new NoticeTexts(config.policy()),
                        metrics));
    }

    /** What the handlers' no-argument constructors use: the Lambda environment, figures as embedded metrics. */
    public static SlackActions fromEnv() {
        return from(SlackActionsConfig.from(Env.system(), Secrets.withDefaultClient()), EmbeddedMetrics.stdout());
    }
}

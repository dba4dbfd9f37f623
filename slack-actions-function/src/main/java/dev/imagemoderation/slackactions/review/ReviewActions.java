package dev.imagemoderation.slackactions.review;

import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.SdkDefaults;
import dev.imagemoderation.aws.Secrets;
import dev.imagemoderation.aws.memory.DynamoDbDecisionStore;
import dev.imagemoderation.core.memory.DecisionMemory;
import dev.imagemoderation.core.memory.HashBanks;
import dev.imagemoderation.slackactions.SlackActions;
import dev.imagemoderation.slackactions.SlackActionsConfig;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The services the review workflow's tasks are built from; reads no secret. */
public record ReviewActions(
        ModeratorDirectory moderators,
        ReportClaims claims,
        Restorer restorer,
        ReportUpdater reports,
        ModeratorAnswers answers,
        Appeals appeals,
        Reveals reveals,
        Remembering memory,
        SlackActions slack) {

    /**
     * @param trustConsole local mode: decisions from its console are taken (see {@link ModeratorDirectory})
     * @param memory where moderators' decisions are remembered, or null for a deployment without memory
     */
    public static ReviewActions from(
            SlackActionsConfig config,
            SlackActions slack,
            S3Client s3,
            Reveals.Links links,
            Clock clock,
            boolean trustConsole,
            DecisionMemory memory) {
        if (config.bucket() == null) {
            throw new IllegalStateException("the review actions need BUCKET_NAME (claims and quarantine)");
        }
        ModeratorAnswers answers = new ModeratorAnswers(slack.notifier(), config.allowlist());
        return new ReviewActions(
                new ModeratorDirectory(
                        config.api(), config.botToken(), config.moderatorsChannel(), clock, trustConsole),
                new ReportClaims(s3, config.bucket(), clock),
                new Restorer(
                        config.api(), config.botToken(), config.allowlist(), s3, config.bucket(), slack.notifier()),
                new ReportUpdater(slack.notifier(), clock),
                answers,
                new Appeals(slack.notifier()),
                new Reveals(links, answers, clock),
                new Remembering(memory, clock),
                slack);
    }

    /** What the handlers' no-argument constructors use: the Lambda environment and default clients. */
    public static ReviewActions fromEnv() {
        SlackActionsConfig config = SlackActionsConfig.from(Env.system(), Secrets.withDefaultClient());
        return from(
                config,
                SlackActions.from(config),
                S3Client.builder()
                        .httpClient(SdkDefaults.httpClient())
                        .overrideConfiguration(SdkDefaults.overrides(Duration.ofSeconds(30)))
                        .build(),
                // Signing needs no call; the URL is valid for the function role's rights on quarantine/.
                Reveals.presigned(S3Presigner.create(), config.bucket()),
                Clock.systemUTC(),
                false,
                // Remember only writes decisions: no banks to read, no cache to keep.
                config.decisionTable()
                        .map(table -> new DecisionMemory(
                                DynamoDbDecisionStore.withDefaultClient(table),
                                HashBanks.NONE,
                                Clock.systemUTC(),
                                Duration.ofMinutes(1),
                                Duration.ZERO))
                        .orElse(null));
    }
}

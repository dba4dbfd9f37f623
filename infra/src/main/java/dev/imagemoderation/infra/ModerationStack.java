package dev.imagemoderation.infra;

import dev.imagemoderation.core.config.Setting;
import dev.imagemoderation.statemachine.ModerationWorkflow;
import dev.imagemoderation.statemachine.ReviewWorkflow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.constructs.Construct;

/**
 * The whole bot on AWS. Composes one construct per concern; the functions' wiring (which
 * function may do what) is here, where it can be read in one place.
 */
public final class ModerationStack extends Stack {

    static final Duration DISPATCHER_TIMEOUT = Duration.seconds(30);
    static final Duration BATCHING_WINDOW = Duration.seconds(1);

    private final SlackSecrets secrets;

    public ModerationStack(
            Construct scope, String id, StackProps props, ModerationSettings settings, Artifacts artifacts) {
        super(scope, id, props);
        settings.validatePolicy(artifacts.root());
        secrets = new SlackSecrets(this, "Slack");
        ImageBucket images = new ImageBucket(this, "Images", settings.quarantineDays());
        EventQueue events = new EventQueue(this, "Queue", DISPATCHER_TIMEOUT, BATCHING_WINDOW);

        ILayerVersion policyLayer =
                settings.policyIsFile() ? policyLayer(artifacts.root().resolve(settings.policy())) : null;
        String policy = settings.policyIsFile() ? "/opt/policy.yaml" : settings.policy();
        String moderate = artifacts.functionJar("moderate-function");
        String actions = artifacts.functionJar("slack-actions-function");
        String ingestJar = artifacts.functionJar("ingest-function");

        // --- the workflow's tasks ------------------------------------------------------
        JavaFunction fetch = function(
                "FetchImage",
                moderate,
                "dev.imagemoderation.moderate.FetchImageHandler",
                1536,
                Duration.seconds(60),
                Map.of(
                        Setting.BUCKET_NAME.name(),
                        images.bucket().getBucketName(),
                        Setting.POLICY.name(),
                        policy,
                        Setting.SLACK_BOT_TOKEN.arnVariable(),
                        secrets.botToken().getSecretArn()),
                policyLayer,
                "Downloads one Slack image, checks and converts it, stores it under incoming/");
        fetch.function()
                .addToRolePolicy(PolicyStatement.Builder.create()
                        .actions(List.of("s3:PutObject"))
                        .resources(List.of(images.bucket().arnForObjects(ImageBucket.INCOMING + "*")))
                        .build());
        secrets.botToken().grantRead(fetch.function());

        // --- the bot's memory: moderators' decisions, hash banks, the verdict cache ----------
        DecisionTable decisions = new DecisionTable(this, "Memory");
        Map<String, String> memoryEnv = new LinkedHashMap<>();
        memoryEnv.put(Setting.BUCKET_NAME.name(), images.bucket().getBucketName());
        memoryEnv.put(Setting.POLICY.name(), policy);
        memoryEnv.put(Setting.DECISION_TABLE.name(), decisions.table().getTableName());
        memoryEnv.put(Setting.DETECTOR_ID.name(), "rekognition");
        memoryEnv.put(Setting.VERDICT_CACHE_DAYS.name(), Integer.toString(settings.verdictCacheDays()));
        Map<String, String> recallEnv = new LinkedHashMap<>(memoryEnv);
        if (!settings.hashBanks().isBlank()) {
            recallEnv.put(Setting.HASH_BANKS.name(), settings.hashBanks());
        }
        JavaFunction recall = function(
                "Recall",
                moderate,
                "dev.imagemoderation.moderate.RecallHandler",
                1024,
                Duration.seconds(30),
                recallEnv,
                policyLayer,
                "Decides an image from memory: moderators' decisions, hash banks, cached labels");
        decisions.grantRecall(recall.function());
        List<String> bankObjects = settings.hashBankObjectArns(getPartition());
        if (!bankObjects.isEmpty()) {
            recall.function()
                    .addToRolePolicy(PolicyStatement.Builder.create()
                            .actions(List.of("s3:GetObject"))
                            .resources(bankObjects)
                            .build());
        }

        JavaFunction detect = function(
                "DetectLabels",
                moderate,
                "dev.imagemoderation.moderate.DetectLabelsHandler",
                512,
                Duration.seconds(30),
                memoryEnv,
                policyLayer,
                "Rekognition DetectModerationLabels and the policy's verdict for one image");
        decisions.grantWrite(detect.function());
        // Rekognition reads the S3 object with the caller's permissions.
        detect.function()
                .addToRolePolicy(PolicyStatement.Builder.create()
                        .actions(List.of("s3:GetObject"))
                        .resources(List.of(images.bucket().arnForObjects(ImageBucket.INCOMING + "*")))
                        .build());
        detect.function()
                .addToRolePolicy(PolicyStatement.Builder.create()
                        .actions(List.of("rekognition:DetectModerationLabels"))
                        // DetectModerationLabels supports no resource-level permissions: "*" is the only valid
                        // resource.
                        .resources(List.of("*"))
                        .build());

        Map<String, String> slackEnv = new LinkedHashMap<>();
        slackEnv.put(Setting.POLICY.name(), policy);
        slackEnv.put(Setting.SLACK_BOT_TOKEN.arnVariable(), secrets.botToken().getSecretArn());
        slackEnv.put(Setting.MODERATORS_CHANNEL.name(), settings.moderatorsChannel());
        Map<String, String> removeEnv = new LinkedHashMap<>(slackEnv);
        removeEnv.put(
                Setting.SLACK_ADMIN_TOKEN.arnVariable(), secrets.adminToken().getSecretArn());
        JavaFunction remove = function(
                "RemoveFiles",
                actions,
                "dev.imagemoderation.slackactions.RemoveFilesHandler",
                512,
                Duration.seconds(30),
                removeEnv,
                policyLayer,
                "Deletes removed files with the workspace admin's token");
        secrets.adminToken().grantRead(remove.function());
        secrets.botToken().grantRead(remove.function());
        JavaFunction notifyChannel = slackAction(
                "NotifyChannel",
                actions,
                "NotifyChannelHandler",
                slackEnv,
                policyLayer,
                "Posts the removal notice in the channel");
        JavaFunction notifyPoster = slackAction(
                "NotifyPoster",
                actions,
                "NotifyPosterHandler",
                slackEnv,
                policyLayer,
                "Sends the poster a direct message with the reason");
        JavaFunction report = slackAction(
                "ReportToModerators",
                actions,
                "ReportToModeratorsHandler",
                slackEnv,
                policyLayer,
                "Reports a verdict to the moderators' channel");
        JavaFunction failure = slackAction(
                "ReportFailure",
                actions,
                "ReportFailureHandler",
                slackEnv,
                policyLayer,
                "Tells the moderators which message could not be moderated");

        JavaFunction hold = function(
                "HoldForRetry",
                actions,
                "dev.imagemoderation.slackactions.HoldForRetryHandler",
                256,
                Duration.seconds(10),
                Map.of(),
                null,
                "Ends a reported failure; a redrive (Retry) goes back to the step that failed");

        Map<String, Alias> tasks = new LinkedHashMap<>();
        tasks.put(ModerationWorkflow.FETCH_IMAGE, fetch.alias());
        tasks.put(ModerationWorkflow.RECALL, recall.alias());
        tasks.put(ModerationWorkflow.DETECT_LABELS, detect.alias());
        tasks.put(ModerationWorkflow.REMOVE_FILES, remove.alias());
        tasks.put(ModerationWorkflow.NOTIFY_CHANNEL, notifyChannel.alias());
        tasks.put(ModerationWorkflow.NOTIFY_POSTER, notifyPoster.alias());
        tasks.put(ModerationWorkflow.REPORT_TO_MODERATORS, report.alias());
        tasks.put(ModerationWorkflow.REPORT_FAILURE, failure.alias());
        tasks.put(ModerationWorkflow.HOLD_FOR_RETRY, hold.alias());
        Workflow workflow = new Workflow(this, "Moderation", tasks, images.bucket(), settings.logExecutionData());

        // --- the review workflow: moderators' actions on a report ---------------------------
        Map<String, String> reviewEnv = new LinkedHashMap<>(slackEnv);
        reviewEnv.put(Setting.BUCKET_NAME.name(), images.bucket().getBucketName());
        JavaFunction authorize = reviewAction(
                "AuthorizeModerator", actions, reviewEnv, policyLayer, "Checks that a clicker may act on a report");
        JavaFunction claim = reviewAction(
                "ClaimReport", actions, reviewEnv, policyLayer, "Claims a report for one moderator's action");
        claim.function()
                .addToRolePolicy(PolicyStatement.Builder.create()
                        .actions(List.of("s3:PutObject", "s3:GetObject", "s3:DeleteObject"))
                        .resources(List.of(images.bucket().arnForObjects(ImageBucket.REVIEWS + "*")))
                        .build());
        JavaFunction restore = reviewAction(
                "RestoreFiles", actions, reviewEnv, policyLayer, "Uploads quarantined originals back after review");
        readsQuarantine(restore, images);
        JavaFunction updateReport = reviewAction(
                "UpdateReport", actions, reviewEnv, policyLayer, "Closes a report: who did what, no buttons left");
        JavaFunction answer =
                reviewAction("AnswerModerator", actions, reviewEnv, policyLayer, "Answers the clicker alone");
        JavaFunction appeal = reviewAction(
                "PostAppeal",
                actions,
                reviewEnv,
                policyLayer,
                "Posts the poster's request for a review under the report");
        JavaFunction reveal = reviewAction(
                "RevealOriginal", actions, reviewEnv, policyLayer, "View (logged): pre-signs quarantined originals");
        // It signs the five-minute links with its own role, so that role is the one that reads.
        readsQuarantine(reveal, images);
        Map<String, String> rememberEnv = new LinkedHashMap<>(reviewEnv);
        rememberEnv.put(Setting.DECISION_TABLE.name(), decisions.table().getTableName());
        JavaFunction remember = reviewAction(
                "Remember", actions, rememberEnv, policyLayer, "Writes a moderator's decision into the bot's memory");
        decisions.grantWrite(remember.function());
        Map<String, Alias> reviewTasks = new LinkedHashMap<>();
        reviewTasks.put(ReviewWorkflow.AUTHORIZE_MODERATOR, authorize.alias());
        reviewTasks.put(ReviewWorkflow.CLAIM_REPORT, claim.alias());
        reviewTasks.put(ReviewWorkflow.RESTORE_FILES, restore.alias());
        reviewTasks.put(ReviewWorkflow.UPDATE_REPORT, updateReport.alias());
        reviewTasks.put(ReviewWorkflow.ANSWER_MODERATOR, answer.alias());
        reviewTasks.put(ReviewWorkflow.POST_APPEAL, appeal.alias());
        reviewTasks.put(ReviewWorkflow.REVEAL_ORIGINAL, reveal.alias());
        reviewTasks.put(ReviewWorkflow.REMEMBER, remember.alias());
        reviewTasks.put(ModerationWorkflow.REMOVE_FILES, remove.alias());
        reviewTasks.put(ModerationWorkflow.NOTIFY_CHANNEL, notifyChannel.alias());
        reviewTasks.put(ModerationWorkflow.NOTIFY_POSTER, notifyPoster.alias());
        String moderationExecutions = Fn.join(
                "",
                List.of(
                        "arn:",
                        getPartition(),
                        ":states:",
                        getRegion(),
                        ":",
                        getAccount(),
                        ":execution:",
                        workflow.stateMachine().getStateMachineName(),
                        ":"));
        Workflow review = new Workflow(
                this,
                "Review",
                ReviewWorkflow.definition(),
                reviewTasks,
                Map.of(ReviewWorkflow.MODERATION_EXECUTION_ARN_PREFIX, moderationExecutions),
                images.bucket(),
                settings.logExecutionData());
        review.stateMachine()
                .addToRolePolicy(PolicyStatement.Builder.create()
                        // Retry on a failure report redrives the failed moderation.
                        .actions(List.of("states:DescribeExecution", "states:RedriveExecution"))
                        .resources(List.of(moderationExecutions + "*"))
                        .build());
        images.fenceQuarantine(
                List.of(
                        workflow.stateMachine().getRole(),
                        review.stateMachine().getRole(),
                        restore.function().getRole(),
                        reveal.function().getRole()),
                settings.breakGlassRoleArn());

        // --- ingest and dispatch ---------------------------------------------------------
        Map<String, String> ingestEnv = new LinkedHashMap<>();
        ingestEnv.put(Setting.QUEUE_URL.name(), events.queue().getQueueUrl());
        ingestEnv.put(
                Setting.SLACK_SIGNING_SECRET.arnVariable(),
                secrets.signingSecret().getSecretArn());
        ingestEnv.put(Setting.POLICY.name(), policy);
        ingestEnv.put(Setting.SLACK_APP_ID.name(), settings.slackAppId());
        ingestEnv.put(Setting.SLACK_BOT_ID.name(), settings.slackBotId());
        JavaFunction ingest = function(
                "Ingest",
                ingestJar,
                "dev.imagemoderation.ingest.SlackEventsHandler",
                512,
                Duration.seconds(10),
                ingestEnv,
                policyLayer,
                "Verifies Slack events and queues those with images");
        events.queue().grantSendMessages(ingest.function());
        secrets.signingSecret().grantRead(ingest.function());

        JavaFunction dispatcher = function(
                "Dispatcher",
                ingestJar,
                "dev.imagemoderation.ingest.dispatch.DispatcherHandler",
                256,
                DISPATCHER_TIMEOUT,
                Map.of(
                        Setting.STATE_MACHINE_ARN.name(),
                        workflow.stateMachine().getStateMachineArn(),
                        Setting.REVIEW_STATE_MACHINE_ARN.name(),
                        review.stateMachine().getStateMachineArn()),
                null,
                "Starts one moderation execution per queued event, one review per moderator's action");
        workflow.stateMachine().grantStartExecution(dispatcher.function());
        review.stateMachine().grantStartExecution(dispatcher.function());
        dispatcher
                .alias()
                .addEventSource(SqsEventSource.Builder.create(events.queue())
                        .batchSize(10)
                        .maxBatchingWindow(BATCHING_WINDOW)
                        .reportBatchItemFailures(true)
                        .maxConcurrency(settings.dispatcherConcurrency())
                        .build());

        SlackIngress ingress = new SlackIngress(this, "Ingress", ingest.alias());
        Monitoring monitoring = new Monitoring(
                this,
                "Monitoring",
                events.deadLetters(),
                workflow.stateMachine(),
                ingress.api(),
                ingest.function(),
                ingest.logGroup(),
                settings.alarmEmail());

        output("RequestUrl", ingress.requestUrl(), "Paste into the Slack app: Event Subscriptions > Request URL");
        output(
                "InteractivityUrl",
                ingress.interactivityUrl(),
                "Paste into the Slack app: Interactivity & Shortcuts > Request URL");
        output(
                "StateMachineConsole",
                "https://" + getRegion() + ".console.aws.amazon.com/states/home?region=" + getRegion()
                        + "#/statemachines/view/" + workflow.stateMachine().getStateMachineArn(),
                "Audit trail: every moderation's execution history");
        output("SigningSecretArn", secrets.signingSecret().getSecretArn(), "Fill with the app's signing secret");
        output("BotTokenArn", secrets.botToken().getSecretArn(), "Fill with the bot token (xoxb-...)");
        output(
                "AdminTokenArn",
                secrets.adminToken().getSecretArn(),
                "Fill with a workspace admin's user token (xoxp-...)");
        output("AlarmTopicArn", monitoring.topic().getTopicArn(), "Subscribe to be told when moderation needs you");
        NagRules.apply(this);
    }

    private JavaFunction function(
            String id,
            String jar,
            String handler,
            int memory,
            Duration timeout,
            Map<String, String> env,
            ILayerVersion layer,
            String description) {
        return new JavaFunction(
                this, id, new JavaFunction.Props(jar, handler, memory, timeout, env, layer, description));
    }

    private JavaFunction slackAction(
            String id,
            String jar,
            String handlerClass,
            Map<String, String> env,
            ILayerVersion layer,
            String description) {
        JavaFunction f = function(
                id,
                jar,
                "dev.imagemoderation.slackactions." + handlerClass,
                512,
                Duration.seconds(30),
                env,
                layer,
                description);
        secrets.botToken().grantRead(f.function());
        return f;
    }

    /**
     * Lets one of the two functions that read quarantine (Restore, View) do so; the bucket's
     * fence names their roles, and nobody else's.
     */
    private static void readsQuarantine(JavaFunction f, ImageBucket images) {
        f.function()
                .addToRolePolicy(PolicyStatement.Builder.create()
                        .actions(List.of("s3:GetObject"))
                        .resources(List.of(images.bucket().arnForObjects(ImageBucket.QUARANTINE + "*")))
                        .build());
    }

    /** A task of the review workflow, from {@code ReviewHandlers}. */
    private JavaFunction reviewAction(
            String id, String jar, Map<String, String> env, ILayerVersion layer, String description) {
        JavaFunction f = function(
                id,
                jar,
                "dev.imagemoderation.slackactions.review.ReviewHandlers$" + id,
                512,
                Duration.seconds(30),
                env,
                layer,
                description);
        secrets.botToken().grantRead(f.function());
        return f;
    }

    /** The policy file, shipped as a layer so every function reads the same {@code /opt/policy.yaml}. */
    private ILayerVersion policyLayer(Path policyFile) {
        try {
            Path dir = Files.createTempDirectory("policy-layer");
            Files.copy(policyFile, dir.resolve("policy.yaml"), StandardCopyOption.REPLACE_EXISTING);
            return LayerVersion.Builder.create(this, "Policy")
                    .code(Code.fromAsset(dir.toString()))
                    .description("Moderation policy " + policyFile.getFileName())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }
}

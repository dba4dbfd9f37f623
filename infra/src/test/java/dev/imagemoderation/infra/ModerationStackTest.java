package dev.imagemoderation.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagemoderation.aws.EmbeddedMetrics;
import dev.imagemoderation.core.config.Setting;
import dev.imagemoderation.ingest.SlackEventsEndpoint;
import dev.imagemoderation.ingest.SlackEventsHandler;
import dev.imagemoderation.ingest.dispatch.DispatcherHandler;
import dev.imagemoderation.moderate.DetectLabelsHandler;
import dev.imagemoderation.moderate.FetchImageHandler;
import dev.imagemoderation.moderate.RecallHandler;
import dev.imagemoderation.slackactions.HoldForRetryHandler;
import dev.imagemoderation.slackactions.NotifyChannelHandler;
import dev.imagemoderation.slackactions.NotifyPosterHandler;
import dev.imagemoderation.slackactions.RemoveFilesHandler;
import dev.imagemoderation.slackactions.ReportFailureHandler;
import dev.imagemoderation.slackactions.ReportToModeratorsHandler;
import dev.imagemoderation.slackactions.review.ReviewHandlers;
import dev.imagemoderation.statemachine.ModerationWorkflow;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The synthesised template, resource by resource, as deployed by {@code cdk deploy}. */
class ModerationStackTest {

    private static final Map<String, Object> CONTEXT = Map.of("moderatorsChannel", "C0MODS0001", "rekognitionTps", 90);

    private final Template template = StackFixture.template(CONTEXT);

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> resources(String type) {
        return (Map<String, Map<String, Object>>) (Map<?, ?>) template.findResources(type);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    private Set<String> logicalIds(String type) {
        return resources(type).keySet();
    }

    @Test
    void everyFunction_isJava25OnArm_withSnapStartOnPublishedVersions_andTracing() {
        var functions = resources("AWS::Lambda::Function");

        assertThat(functions).hasSize(19);
        functions
                .values()
                .forEach(f -> assertThat(props(f))
                        .containsEntry("Runtime", "java25")
                        .containsEntry("Architectures", List.of("arm64"))
                        .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"))
                        .containsEntry("TracingConfig", Map.of("Mode", "Active")));
        assertThat(functions.values().stream()
                        .map(f -> (String) props(f).get("Handler"))
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(
                        SlackEventsHandler.class.getName(),
                        DispatcherHandler.class.getName(),
                        FetchImageHandler.class.getName(),
                        RecallHandler.class.getName(),
                        DetectLabelsHandler.class.getName(),
                        RemoveFilesHandler.class.getName(),
                        NotifyChannelHandler.class.getName(),
                        NotifyPosterHandler.class.getName(),
                        ReportToModeratorsHandler.class.getName(),
                        ReportFailureHandler.class.getName(),
                        HoldForRetryHandler.class.getName(),
                        ReviewHandlers.AuthorizeModerator.class.getName(),
                        ReviewHandlers.ClaimReport.class.getName(),
                        ReviewHandlers.RestoreFiles.class.getName(),
                        ReviewHandlers.UpdateReport.class.getName(),
                        ReviewHandlers.AnswerModerator.class.getName(),
                        ReviewHandlers.PostAppeal.class.getName(),
                        ReviewHandlers.RevealOriginal.class.getName(),
                        ReviewHandlers.Remember.class.getName());
    }

    @Test
    void everyFunction_hasALiveAliasOnAPublishedVersion_andItsOwnRetainedLogGroup() {
        template.resourceCountIs("AWS::Lambda::Alias", 19);
        template.allResourcesProperties(
                "AWS::Lambda::Alias",
                Match.objectLike(Map.of(
                        "Name",
                        "live",
                        "FunctionVersion",
                        Map.of("Fn::GetAtt", List.of(Match.anyValue(), "Version")))));
        resources("AWS::Lambda::Function")
                .values()
                .forEach(f ->
                        assertThat(props(f).get("LoggingConfig").toString()).contains("LogGroup"));
        template.allResources("AWS::Logs::LogGroup", Match.objectLike(Map.of("DeletionPolicy", "Retain")));
        template.allResourcesProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of("RetentionInDays", 90)));
    }

    @Test
    void httpApi_postsSlackEventsToTheIngestAlias_withAccessLogsAndThrottling() {
        template.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", "POST /slack/events"));
        Capture uri = new Capture();
        template.hasResourceProperties(
                "AWS::ApiGatewayV2::Integration",
                Map.of("IntegrationType", "AWS_PROXY", "PayloadFormatVersion", "2.0", "IntegrationUri", uri));
        assertThat(logicalIds("AWS::Lambda::Alias")).contains(ref(uri.asObject()));
        assertThat(ref(uri.asObject())).startsWith("IngestLive");
        template.hasResourceProperties(
                "AWS::ApiGatewayV2::Stage",
                Match.objectLike(Map.of(
                        "AccessLogSettings",
                                Match.objectLike(Map.of("Format", Match.stringLikeRegexp(".*requestId.*"))),
                        "DefaultRouteSettings", Map.of("ThrottlingBurstLimit", 200, "ThrottlingRateLimit", 100))));
        template.hasResourceProperties(
                "AWS::Lambda::Permission",
                Match.objectLike(Map.of("FunctionName", Map.of("Ref", Match.stringLikeRegexp("IngestLive.*")))));
    }

    @Test
    void queue_isEncrypted_withDlq_andVisibilityAtLeastSixDispatcherTimeoutsPlusWindow() {
        Capture dlqArn = new Capture();
        template.hasResourceProperties(
                "AWS::SQS::Queue",
                Map.of(
                        "SqsManagedSseEnabled",
                        true,
                        "VisibilityTimeout",
                        6 * 30 + 1,
                        "RedrivePolicy",
                        Map.of("deadLetterTargetArn", dlqArn, "maxReceiveCount", 5)));
        template.allResourcesProperties("AWS::SQS::Queue", Match.objectLike(Map.of("SqsManagedSseEnabled", true)));
        assertThat(dlqArn.asObject().toString()).contains("QueueDeadLetters");
        template.allResourcesProperties("AWS::SQS::QueuePolicy", denyInsecureTransport());
    }

    @Test
    void dispatcher_consumesTheQueueThroughItsAlias_withPartialBatchFailures_andCappedConcurrency() {
        Capture function = new Capture();
        template.hasResourceProperties(
                "AWS::Lambda::EventSourceMapping",
                Map.of(
                        "FunctionName",
                        function,
                        "FunctionResponseTypes",
                        List.of("ReportBatchItemFailures"),
                        "BatchSize",
                        10,
                        "MaximumBatchingWindowInSeconds",
                        1,
                        "ScalingConfig",
                        Map.of("MaximumConcurrency", 10)));
        // "<function name>:live", the alias-qualified name: the mapping never invokes $LATEST
        assertThat(function.asObject().toString()).contains("DispatcherLive").contains(":live");
    }

    @Test
    void stateMachine_isStandard_traced_logged_andSubstitutesEveryPlaceholderWithAnAlias() {
        Capture substitutions = new Capture();
        template.hasResourceProperties(
                "AWS::StepFunctions::StateMachine",
                Map.of(
                        "StateMachineType",
                        "STANDARD",
                        "TracingConfiguration",
                        Map.of("Enabled", true),
                        "LoggingConfiguration",
                        Match.objectLike(Map.of("Level", "ALL", "IncludeExecutionData", false)),
                        "DefinitionSubstitutions",
                        substitutions));
        @SuppressWarnings("unchecked")
        Map<String, Object> subs = (Map<String, Object>) substitutions.asObject();
        assertThat(subs.keySet()).containsExactlyInAnyOrderElementsOf(ModerationWorkflow.SUBSTITUTIONS);
        subs.forEach((name, value) -> {
            if (name.endsWith("FunctionArn")) {
                assertThat(logicalIds("AWS::Lambda::Alias")).as(name).contains(ref(value));
            }
        });
        assertThat(subs.get(ModerationWorkflow.BUCKET_NAME)).isEqualTo(Map.of("Ref", "ImagesB45AD88B"));
        var definition = props(resources("AWS::StepFunctions::StateMachine")
                        .values()
                        .iterator()
                        .next())
                .get("DefinitionString");
        assertThat(definition.toString()).contains("\"QueryLanguage\": \"JSONata\"");
    }

    @Test
    void bucket_isPrivate_encrypted_tlsOnly_retained_andExpiresIncomingAndQuarantine() {
        template.hasResource(
                "AWS::S3::Bucket",
                Match.objectLike(Map.of(
                        "DeletionPolicy",
                        "Retain",
                        "Properties",
                        Match.objectLike(Map.of(
                                "PublicAccessBlockConfiguration",
                                        Map.of(
                                                "BlockPublicAcls",
                                                true,
                                                "BlockPublicPolicy",
                                                true,
                                                "IgnorePublicAcls",
                                                true,
                                                "RestrictPublicBuckets",
                                                true),
                                "BucketEncryption",
                                        Map.of(
                                                "ServerSideEncryptionConfiguration",
                                                List.of(Map.of(
                                                        "ServerSideEncryptionByDefault",
                                                        Map.of("SSEAlgorithm", "AES256")))),
                                "LoggingConfiguration", Match.objectLike(Map.of("LogFilePrefix", "images/")),
                                "LifecycleConfiguration",
                                        Map.of(
                                                "Rules",
                                                Match.arrayWith(List.of(
                                                        Match.objectLike(Map.of(
                                                                "Prefix",
                                                                "incoming/",
                                                                "ExpirationInDays",
                                                                1,
                                                                "Status",
                                                                "Enabled")),
                                                        Match.objectLike(Map.of(
                                                                "Prefix",
                                                                "quarantine/",
                                                                "ExpirationInDays",
                                                                30,
                                                                "Status",
                                                                "Enabled"))))))))));
        template.allResourcesProperties("AWS::S3::BucketPolicy", denyInsecureTransport());
    }

    @Test
    void quarantineDays_comesFromContext() {
        Template seven = StackFixture.template(Map.of("quarantineDays", 7));

        seven.hasResourceProperties(
                "AWS::S3::Bucket",
                Match.objectLike(Map.of(
                        "LifecycleConfiguration",
                        Map.of(
                                "Rules",
                                Match.arrayWith(List.of(
                                        Match.objectLike(Map.of("Prefix", "quarantine/", "ExpirationInDays", 7))))))));
    }

    @Test
    void secrets_areCreatedWithoutAnyValue() {
        var secrets = resources("AWS::SecretsManager::Secret");

        assertThat(secrets).hasSize(3);
        secrets.values().forEach(s -> assertThat(props(s)).doesNotContainKeys("GenerateSecretString", "SecretString"));
    }

    @Test
    void iam_eachFunctionHasOnlyWhatItUses() {
        assertStatements(
                "IngestFunction",
                Set.of(
                        "xray:PutTraceSegments,xray:PutTelemetryRecords -> *",
                        "sqs:SendMessage,sqs:GetQueueAttributes,sqs:GetQueueUrl -> QueueEvents",
                        "secretsmanager:GetSecretValue,secretsmanager:DescribeSecret -> SlackSigningSecret"));
        assertStatements(
                "DispatcherFunction",
                Set.of(
                        "xray:PutTraceSegments,xray:PutTelemetryRecords -> *",
                        "states:StartExecution -> ModerationStateMachine",
                        "states:StartExecution -> ReviewStateMachine",
                        "sqs:ReceiveMessage,sqs:ChangeMessageVisibility,sqs:GetQueueUrl,sqs:DeleteMessage,sqs:GetQueueAttributes -> QueueEvents"));
        assertStatements(
                "FetchImageFunction",
                Set.of(
                        "xray:PutTraceSegments,xray:PutTelemetryRecords -> *",
                        "s3:PutObject -> Images/incoming/*",
                        "secretsmanager:GetSecretValue,secretsmanager:DescribeSecret -> SlackBotToken"));
        assertStatements(
                "DetectLabelsFunction",
                Set.of(
                        "xray:PutTraceSegments,xray:PutTelemetryRecords -> *",
                        "s3:GetObject -> Images/incoming/*",
                        "rekognition:DetectModerationLabels -> *",
                        "dynamodb:PutItem -> MemoryTable"));
        assertStatements("HoldForRetryFunction", Set.of("xray:PutTraceSegments,xray:PutTelemetryRecords -> *"));
        assertStatements(
                "RecallFunction",
                Set.of(
                        "xray:PutTraceSegments,xray:PutTelemetryRecords -> *",
                        "dynamodb:GetItem,dynamodb:Query -> MemoryTable"));
        assertStatements(
                "RememberFunction",
                Set.of(
                        "xray:PutTraceSegments,xray:PutTelemetryRecords -> *",
                        "dynamodb:PutItem -> MemoryTable",
                        "secretsmanager:GetSecretValue,secretsmanager:DescribeSecret -> SlackBotToken"));
        assertStatements(
                "RemoveFilesFunction",
                Set.of(
                        "xray:PutTraceSegments,xray:PutTelemetryRecords -> *",
                        "secretsmanager:GetSecretValue,secretsmanager:DescribeSecret -> SlackAdminToken",
                        "secretsmanager:GetSecretValue,secretsmanager:DescribeSecret -> SlackBotToken"));
        for (String notifier : List.of(
                "NotifyChannelFunction",
                "NotifyPosterFunction",
                "ReportToModeratorsFunction",
                "ReportFailureFunction")) {
            assertStatements(
                    notifier,
                    Set.of(
                            "xray:PutTraceSegments,xray:PutTelemetryRecords -> *",
                            "secretsmanager:GetSecretValue,secretsmanager:DescribeSecret -> SlackBotToken"));
        }
        for (String reviewTask : List.of(
                "AuthorizeModeratorFunction",
                "UpdateReportFunction",
                "AnswerModeratorFunction",
                "PostAppealFunction")) {
            assertStatements(
                    reviewTask,
                    Set.of(
                            "xray:PutTraceSegments,xray:PutTelemetryRecords -> *",
                            "secretsmanager:GetSecretValue,secretsmanager:DescribeSecret -> SlackBotToken"));
        }
        assertStatements(
                "ClaimReportFunction",
                Set.of(
                        "xray:PutTraceSegments,xray:PutTelemetryRecords -> *",
                        "s3:PutObject,s3:GetObject,s3:DeleteObject -> Images/reviews/*",
                        "secretsmanager:GetSecretValue,secretsmanager:DescribeSecret -> SlackBotToken"));
        assertStatements(
                "RevealOriginalFunction",
                Set.of(
                        "xray:PutTraceSegments,xray:PutTelemetryRecords -> *",
                        "s3:GetObject -> Images/quarantine/*",
                        "secretsmanager:GetSecretValue,secretsmanager:DescribeSecret -> SlackBotToken"));
        assertStatements(
                "RestoreFilesFunction",
                Set.of(
                        "xray:PutTraceSegments,xray:PutTelemetryRecords -> *",
                        "s3:GetObject -> Images/quarantine/*",
                        "secretsmanager:GetSecretValue,secretsmanager:DescribeSecret -> SlackBotToken"));
    }

    @Test
    void iam_theReviewWorkflowReadsOnlyModerationExecutions_andInvokesOnlyAliases() {
        Set<String> statements = statements("ReviewStateMachine");

        assertThat(statements)
                .anySatisfy(s -> assertThat(s).startsWith("states:DescribeExecution,states:RedriveExecution -> "))
                .contains("s3:PutObject,s3:PutObjectTagging -> Images/quarantine/*");
        assertThat(statements.stream().filter(s -> s.startsWith("lambda:InvokeFunction")))
                .hasSize(11)
                .allSatisfy(s -> assertThat(s).matches("lambda:InvokeFunction -> [A-Za-z]+Live"));
        template.hasResourceProperties(
                "AWS::ApiGatewayV2::Route", Match.objectLike(Map.of("RouteKey", "POST /slack/interactions")));
    }

    @Test
    void iam_stateMachineInvokesOnlyAliases_andTouchesOnlyItsPrefixes() {
        Set<String> statements = statements("ModerationStateMachine");

        assertThat(statements)
                .contains(
                        "s3:GetObject,s3:GetObjectTagging,s3:DeleteObject -> Images/incoming/*",
                        "s3:PutObject,s3:PutObjectTagging -> Images/quarantine/*",
                        "logs:CreateLogDelivery,logs:GetLogDelivery,logs:UpdateLogDelivery,logs:DeleteLogDelivery,"
                                + "logs:ListLogDeliveries,logs:PutResourcePolicy,logs:DescribeResourcePolicies,logs:DescribeLogGroups -> *",
                        "xray:PutTraceSegments,xray:PutTelemetryRecords,xray:GetSamplingRules,xray:GetSamplingTargets -> *");
        List<String> invokes = statements.stream()
                .filter(s -> s.startsWith("lambda:InvokeFunction"))
                .toList();
        assertThat(invokes).hasSize(9).allSatisfy(s -> assertThat(s).matches("lambda:InvokeFunction -> [A-Za-z]+Live"));
        assertThat(statements).hasSize(13);
    }

    @Test
    void alarms_coverDlqFailuresErrorsLatencyAndRateLimits_andNotifyTheTopic() {
        template.resourceCountIs("AWS::CloudWatch::Alarm", 7);
        template.allResourcesProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(
                        Map.of("AlarmActions", List.of(Map.of("Ref", Match.stringLikeRegexp("MonitoringAlarms.*"))))));
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(Map.of("MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 0)));
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(Map.of("MetricName", "ExecutionsFailed", "Namespace", "AWS/States")));
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm", Match.objectLike(Map.of("MetricName", "5xx", "Namespace", "AWS/ApiGateway")));
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(Map.of("MetricName", "Duration", "ExtendedStatistic", "p99", "Threshold", 1000)));
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(Map.of("MetricName", "AppRateLimited", "Namespace", "ImageModeration")));
        template.hasResourceProperties(
                "AWS::Logs::MetricFilter",
                Match.objectLike(Map.of(
                        "FilterPattern", Match.stringLikeRegexp(".*APP_RATE_LIMITED.*"),
                        "LogGroupName", Map.of("Ref", Match.stringLikeRegexp("IngestLogs.*")))));
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    }

    @Test
    void alarmTopic_isEncryptedWithARotatedKeyOfOurOwn_thatCloudWatchOfThisAccountMayUse() {
        Map<String, Map<String, Object>> keys = resources("AWS::KMS::Key");
        assertThat(keys).hasSize(1);
        String keyId = keys.keySet().iterator().next();
        Map<String, Object> key = props(keys.get(keyId));
        assertThat(key).containsEntry("EnableKeyRotation", true);
        template.hasResourceProperties(
                "AWS::KMS::Key",
                Match.objectLike(Map.of(
                        "KeyPolicy",
                        Match.objectLike(Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Effect", "Allow",
                                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                                        "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*"),
                                        "Condition",
                                                Map.of(
                                                        "StringEquals",
                                                        Map.of(
                                                                "aws:SourceAccount",
                                                                Map.of("Ref", "AWS::AccountId"))))))))))));
        Map<String, Object> topic =
                props(resources("AWS::SNS::Topic").values().iterator().next());
        assertThat(topic.get("KmsMasterKeyId"))
                .as("the topic uses that key, not an AWS-managed alias in some region")
                .isEqualTo(Map.of("Fn::GetAtt", List.of(keyId, "Arn")));
        assertThat(template.toJSON().toString()).doesNotContain("alias/aws/sns").doesNotContain("us-east-1");
    }

    @Test
    void quarantine_isReadableOnlyByTheWorkflowAndTheBreakGlassRole() {
        Template withBreakGlass = StackFixture.template(Map.of(
                "moderatorsChannel",
                "C0MODS0001",
                "breakGlassRoleArn",
                "arn:aws:iam::123456789012:role/QuarantineBreakGlass"));
        withBreakGlass.hasResourceProperties(
                "AWS::S3::BucketPolicy",
                Match.objectLike(
                        Map.of(
                                "PolicyDocument",
                                Match.objectLike(
                                        Map.of(
                                                "Statement",
                                                Match.arrayWith(
                                                        List.of(
                                                                Match.objectLike(
                                                                        Map.of(
                                                                                "Sid",
                                                                                        "QuarantineReadOnlyByTheWorkflowAndBreakGlass",
                                                                                "Effect", "Deny",
                                                                                "Principal", Map.of("AWS", "*"),
                                                                                "Action",
                                                                                        List.of(
                                                                                                "s3:GetObject",
                                                                                                "s3:GetObjectVersion"),
                                                                                "Condition",
                                                                                        Map.of(
                                                                                                "ArnNotEquals",
                                                                                                Map.of(
                                                                                                        "aws:PrincipalArn",
                                                                                                        List.of(
                                                                                                                Map.of(
                                                                                                                        "Fn::GetAtt",
                                                                                                                        List
                                                                                                                                .of(
                                                                                                                                        Match
                                                                                                                                                .stringLikeRegexp(
                                                                                                                                                        "ModerationStateMachineRole.*"),
                                                                                                                                        "Arn")),
                                                                                                                Map.of(
                                                                                                                        "Fn::GetAtt",
                                                                                                                        List
                                                                                                                                .of(
                                                                                                                                        Match
                                                                                                                                                .stringLikeRegexp(
                                                                                                                                                        "ReviewStateMachineRole.*"),
                                                                                                                                        "Arn")),
                                                                                                                Map.of(
                                                                                                                        "Fn::GetAtt",
                                                                                                                        List
                                                                                                                                .of(
                                                                                                                                        Match
                                                                                                                                                .stringLikeRegexp(
                                                                                                                                                        "RestoreFilesFunctionServiceRole.*"),
                                                                                                                                        "Arn")),
                                                                                                                Map.of(
                                                                                                                        "Fn::GetAtt",
                                                                                                                        List
                                                                                                                                .of(
                                                                                                                                        Match
                                                                                                                                                .stringLikeRegexp(
                                                                                                                                                        "RevealOriginalFunctionServiceRole.*"),
                                                                                                                                        "Arn")),
                                                                                                                "arn:aws:iam::123456789012:role/QuarantineBreakGlass"))))))))))));
    }

    @Test
    void stateMachineLogs_recordExecutionDataOnlyWhenTheOperatorAsks() {
        StackFixture.template(Map.of("moderatorsChannel", "C0MODS0001", "logExecutionData", "true"))
                .hasResourceProperties(
                        "AWS::StepFunctions::StateMachine",
                        Match.objectLike(Map.of(
                                "LoggingConfiguration",
                                Match.objectLike(Map.of("Level", "ALL", "IncludeExecutionData", true)))));
    }

    @Test
    void unsignedTraffic_raisesAnAlarm_countedFromTheLineIngestWritesForEachRejectedSignature() {
        assertThat(Monitoring.REJECTED_SIGNATURE_LOG).isEqualTo(SlackEventsEndpoint.SIGNATURE_REJECTED_LOG);
        template.hasResourceProperties(
                "AWS::Logs::MetricFilter",
                Match.objectLike(Map.of(
                        "FilterPattern", Match.stringLikeRegexp(".*request failed Slack signature verification.*"),
                        "MetricTransformations",
                                List.of(Match.objectLike(Map.of("MetricName", "RejectedSignatures"))))));
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(Map.of("MetricName", "RejectedSignatures", "Threshold", 20)));
    }

    @Test
    void theProductsOwnFigures_areOnTheDashboard_andAFailedRemovalAlarms() {
        assertThat(Monitoring.NAMESPACE).isEqualTo(EmbeddedMetrics.NAMESPACE);
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Match.objectLike(Map.of(
                        "MetricName",
                        "RemovalsFailed",
                        "Namespace",
                        "ImageModeration",
                        "Statistic",
                        "Sum",
                        "Threshold",
                        0)));
        String body = template.findResources("AWS::CloudWatch::Dashboard").toString();
        assertThat(body)
                .contains("Images by verdict")
                .contains("Verdict")
                .contains("REMOVE")
                .contains("TimeToRemoval")
                .contains("RemovalsFailed");
    }

    @Test
    void outputs_giveTheRequestUrlConsoleLinkAndSecretArns() {
        template.hasOutput(
                "RequestUrl",
                Match.objectLike(Map.of(
                        "Value",
                        Match.objectLike(Map.of(
                                "Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of("/slack/events")))))))));
        template.hasOutput("StateMachineConsole", Match.anyValue());
        for (String secret : List.of("SigningSecretArn", "BotTokenArn", "AdminTokenArn")) {
            template.hasOutput(
                    secret, Match.objectLike(Map.of("Value", Map.of("Ref", Match.stringLikeRegexp("Slack.*")))));
        }
    }

    @Test
    void functions_readSecretsByArn_neverByValue() {
        resources("AWS::Lambda::Function").values().forEach(f -> {
            String env = String.valueOf(props(f).get("Environment"));
            assertThat(env).doesNotContain("SLACK_SIGNING_SECRET=", "SLACK_BOT_TOKEN=", "SLACK_ADMIN_TOKEN=");
        });
        template.hasResourceProperties(
                "AWS::Lambda::Function",
                Match.objectLike(Map.of(
                        "Handler",
                        SlackEventsHandler.class.getName(),
                        "Environment",
                        Map.of(
                                "Variables",
                                Match.objectLike(Map.of(
                                        Setting.SLACK_SIGNING_SECRET.arnVariable(),
                                        Map.of("Ref", Match.stringLikeRegexp("SlackSigningSecret.*")),
                                        Setting.POLICY.name(),
                                        "default"))))));
    }

    @Test
    void invalidContext_stopsSynthNamingTheProblem() {
        assertThatThrownBy(() -> ModerationApp.build(App.Builder.create()
                        .context(Map.of("quarantineDays", 0))
                        .build()))
                .hasMessageContaining("quarantineDays");
        assertThatThrownBy(() -> ModerationApp.build(App.Builder.create()
                        .context(Map.of("policy", "no/such/policy.yaml"))
                        .build()))
                .hasMessageContaining("does not exist");
    }

    @Test
    void memory_isOneOnDemandTable_withRecoveryEncryptionAndTtl_retainedOnDestroy() {
        template.resourceCountIs("AWS::DynamoDB::Table", 1);
        template.hasResource(
                "AWS::DynamoDB::Table",
                Match.objectLike(Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain")));
        template.hasResourceProperties(
                "AWS::DynamoDB::Table",
                Match.objectLike(Map.of(
                        "BillingMode",
                        "PAY_PER_REQUEST",
                        "PointInTimeRecoverySpecification",
                        Map.of("PointInTimeRecoveryEnabled", true),
                        "SSESpecification",
                        Map.of("SSEEnabled", true),
                        "TimeToLiveSpecification",
                        Map.of("AttributeName", "expiresAt", "Enabled", true),
                        "KeySchema",
                        List.of(
                                Map.of("AttributeName", "pk", "KeyType", "HASH"),
                                Map.of("AttributeName", "sk", "KeyType", "RANGE")))));
    }

    @Test
    void hashBanks_fromContext_reachRecall_whichMayReadExactlyThoseObjects() {
        Template banks = StackFixture.template(
                Map.of("hashBanks", "partner=s3://partner-hashes/pdq/2026-11.csv,own=s3://ops-banks/own.csv"));

        banks.hasResourceProperties(
                "AWS::Lambda::Function",
                Match.objectLike(Map.of(
                        "Handler",
                        RecallHandler.class.getName(),
                        "Environment",
                        Match.objectLike(Map.of(
                                "Variables",
                                Match.objectLike(Map.of(
                                        "HASH_BANKS",
                                        "partner=s3://partner-hashes/pdq/2026-11.csv,own=s3://ops-banks/own.csv")))))));
        String recallPolicy = banks.findResources("AWS::IAM::Policy").entrySet().stream()
                .filter(e -> e.getKey().startsWith("RecallFunction"))
                .map(e -> e.getValue().toString())
                .findFirst()
                .orElseThrow();
        assertThat(recallPolicy)
                .contains("s3:GetObject")
                .contains(":s3:::partner-hashes/pdq/2026-11.csv")
                .contains(":s3:::ops-banks/own.csv")
                .doesNotContain("Images");
        assertThatThrownBy(() -> StackFixture.template(Map.of("hashBanks", "partner=https://example.org/x.csv")))
                .hasMessageContaining("hashBanks entries are name=s3://bucket/key");
    }

    // --- helpers ----------------------------------------------------------------------

    private static Object denyInsecureTransport() {
        Object deny = Match.objectLike(
                Map.of("Effect", "Deny", "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))));
        return Match.objectLike(
                Map.of("PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(deny))))));
    }

    private void assertStatements(String rolePrefix, Set<String> expected) {
        assertThat(statements(rolePrefix)).as(rolePrefix).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** "action,action -> resource" for every statement of the default policy of the role named by prefix. */
    @SuppressWarnings("unchecked")
    private Set<String> statements(String rolePrefix) {
        var policy = resources("AWS::IAM::Policy").entrySet().stream()
                .filter(e -> e.getKey().startsWith(rolePrefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no policy for " + rolePrefix))
                .getValue();
        var document = (Map<String, Object>) props(policy).get("PolicyDocument");
        return ((List<Map<String, Object>>) document.get("Statement"))
                .stream()
                        .map(s -> {
                            Object action = s.get("Action");
                            String actions = action instanceof List<?> l
                                    ? l.stream().map(Object::toString).collect(Collectors.joining(","))
                                    : action.toString();
                            return actions + " -> " + resource(s.get("Resource"));
                        })
                        .collect(Collectors.toSet());
    }

    /** A readable resource: "*", a logical id prefix, or "Bucket/prefix*". */
    @SuppressWarnings("unchecked")
    private static String resource(Object r) {
        if (r instanceof String s) {
            return s;
        }
        Map<String, Object> m = (Map<String, Object>) r;
        if (m.containsKey("Ref")) {
            return trimHash(m.get("Ref").toString());
        }
        if (m.containsKey("Fn::GetAtt")) {
            return trimHash(((List<Object>) m.get("Fn::GetAtt")).getFirst().toString());
        }
        if (m.containsKey("Fn::Join")) {
            List<Object> parts = (List<Object>) ((List<Object>) m.get("Fn::Join")).get(1);
            return resource(parts.get(0)) + parts.get(1);
        }
        return m.toString();
    }

    private static String trimHash(String logicalId) {
        return logicalId.replaceAll("[0-9A-F]{8}$", "").replace("StateMachine7A5E594A", "StateMachine");
    }

    @SuppressWarnings("unchecked")
    private static String ref(Object value) {
        return ((Map<String, Object>) value).get("Ref").toString();
    }
}

package dev.imagemoderation.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagemoderation.statemachine.ModerationWorkflow;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The deployable parts on LocalStack: the queue with its DLQ, the bucket, and the real
 * moderation.asl.json with its substitutions, run once end to end. The Lambda tasks are
 * stand-ins (DetectLabels answers an explicit verdict, as a Rekognition stand-in would
 * make it), so what is proven here is the definition on a Step Functions implementation
 * other than ours, and the S3 quarantine copy against a real S3 API.
 *
 * <p>Needs Docker and, for current LocalStack images, {@code LOCALSTACK_AUTH_TOKEN}; JUnit
 * reports the class as skipped when either is missing (as on the project's build machine).
 */
@Testcontainers(disabledWithoutDocker = true)
@EnabledIfEnvironmentVariable(named = "LOCALSTACK_AUTH_TOKEN", matches = ".+")
class LocalStackDeploymentIT {

    /** Pinned: LocalStack's JSONata support for Step Functions arrived in 4.x. */
    static final DockerImageName IMAGE =
            DockerImageName.parse("localstack/localstack-pro:4.9.2").asCompatibleSubstituteFor("localstack/localstack");

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(IMAGE)
            .withEnv("LOCALSTACK_AUTH_TOKEN", System.getenv().getOrDefault("LOCALSTACK_AUTH_TOKEN", ""))
            .withServices(
                    LocalStackContainer.Service.S3,
                    LocalStackContainer.Service.SQS,
                    LocalStackContainer.Service.STEPFUNCTIONS,
                    LocalStackContainer.Service.LAMBDA,
                    LocalStackContainer.Service.IAM);

    private static final String ROLE = "arn:aws:iam::000000000000:role/moderation";

    /** Stand-in task: answers a fixed JSON payload, or echoes its input merged with it. */
    private static final String STAND_IN = """
            import json, os
            def handler(event, context):
                answer = json.loads(os.environ["ANSWER"])
                if os.environ.get("MERGE") == "1":
                    event.update(answer)
                    return event
                return answer
            """;

    @Test
    void moderationDefinition_runsOnLocalStack_removeBranch_quarantinesTheOriginal() throws Exception {
        var creds = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()));
        Region region = Region.of(LOCALSTACK.getRegion());
        try (S3Client s3 = S3Client.builder()
                        .endpointOverride(LOCALSTACK.getEndpoint())
                        .forcePathStyle(true)
                        .credentialsProvider(creds)
                        .region(region)
                        .build();
                SqsClient sqs = SqsClient.builder()
                        .endpointOverride(LOCALSTACK.getEndpoint())
                        .credentialsProvider(creds)
                        .region(region)
                        .build();
                LambdaClient lambda = LambdaClient.builder()
                        .endpointOverride(LOCALSTACK.getEndpoint())
                        .credentialsProvider(creds)
                        .region(region)
                        .build();
                SfnClient sfn = SfnClient.builder()
                        .endpointOverride(LOCALSTACK.getEndpoint())
                        .credentialsProvider(creds)
                        .region(region)
                        .build()) {
            String bucket = "moderation-images";
            s3.createBucket(b -> b.bucket(bucket));
            String original = "incoming/T1/Ev1/F1/original";
            s3.putObject(b -> b.bucket(bucket).key(original), RequestBody.fromBytes(new byte[] {1, 2, 3}));
            String dlq = sqs.createQueue(b -> b.queueName("moderation-dlq")).queueUrl();
            String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNamesWithStrings("QueueArn"))
                    .attributesAsStrings()
                    .get("QueueArn");
            sqs.createQueue(b -> b.queueName("moderation-events")
                    .attributesWithStrings(Map.of(
                            "RedrivePolicy",
                            "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"5\"}",
                            "VisibilityTimeout",
                            "181")));

            String scan = """
                    {"file":{"id":"F1","name":"a.jpg"},
                     "image":{"status":"FETCHED","source":"original","originalKey":"%s","analysedKeys":["%s"]},
                     "verdict":{"action":"REMOVE","category":"Explicit","rules":[]}}""".formatted(original, original);
            Map<String, String> substitutions = new LinkedHashMap<>();
            substitutions.put(ModerationWorkflow.FETCH_IMAGE, standIn(lambda, "fetch", "{}", true));
            substitutions.put(ModerationWorkflow.DETECT_LABELS, standIn(lambda, "detect", scan, true));
            for (String task : new String[] {
                ModerationWorkflow.REMOVE_FILES,
                ModerationWorkflow.NOTIFY_CHANNEL,
                ModerationWorkflow.NOTIFY_POSTER,
                ModerationWorkflow.REPORT_TO_MODERATORS,
                ModerationWorkflow.REPORT_FAILURE
            }) {
                substitutions.put(task, standIn(lambda, task.replace("FunctionArn", ""), "{\"sent\":true}", false));
            }
            substitutions.put(ModerationWorkflow.BUCKET_NAME, bucket);
            String definition = ModerationWorkflow.definition();
            for (var e : substitutions.entrySet()) {
                definition = definition.replace("${" + e.getKey() + "}", e.getValue());
            }
            String finalDefinition = definition;
            String machine = sfn.createStateMachine(
                            b -> b.name("moderation").roleArn(ROLE).definition(finalDefinition))
                    .stateMachineArn();

            String input = """
                    {"schemaVersion":1,"eventId":"Ev1","teamId":"T1","channelId":"C1","channelType":"channel",
                     "userId":"U1","messageTs":"1.1","receivedAt":"2026-11-25T12:00:00Z",
                     "files":[{"id":"F1","name":"a.jpg","mimetype":"image/jpeg","filetype":"jpg"}]}""";
            String execution = sfn.startExecution(
                            b -> b.stateMachineArn(machine).name("T1-Ev1").input(input))
                    .executionArn();
            ExecutionStatus status = ExecutionStatus.RUNNING;
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (status == ExecutionStatus.RUNNING && Instant.now().isBefore(deadline)) {
                Thread.sleep(1000);
                status = sfn.describeExecution(b -> b.executionArn(execution)).status();
            }

            assertThat(status).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("quarantine/T1/Ev1/F1"))
                            .asByteArray())
                    .containsExactly(1, 2, 3);
        }
    }

    private static String standIn(LambdaClient lambda, String name, String answer, boolean merge) throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("index.py"));
            z.write(STAND_IN.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            z.closeEntry();
        }
        String arn = lambda.createFunction(b -> b.functionName(name)
                        .runtime(Runtime.PYTHON3_12)
                        .role(ROLE)
                        .handler("index.handler")
                        .code(c -> c.zipFile(SdkBytes.fromByteArray(zip.toByteArray())))
                        .environment(e -> e.variables(Map.of("ANSWER", answer, "MERGE", merge ? "1" : "0"))))
                .functionArn();
        lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName(name));
        return arn;
    }
}

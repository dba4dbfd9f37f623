package dev.imagemoderation.local;

import dev.imagemoderation.asl.H2ExecutionStore;
import dev.imagemoderation.asl.LocalStepFunctions;
import dev.imagemoderation.asl.S3Integration;
import dev.imagemoderation.asl.Sleeper;
import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.Secrets;
import dev.imagemoderation.detector.LocalDetector;
import dev.imagemoderation.detector.Model;
import dev.imagemoderation.detector.RekognitionEndpoint;
import dev.imagemoderation.embedded.EmbeddedS3;
import dev.imagemoderation.embedded.EmbeddedSqs;
import dev.imagemoderation.ingest.SlackEventsEndpoint;
import dev.imagemoderation.ingest.SlackEventsHandler;
import dev.imagemoderation.ingest.dispatch.Dispatcher;
import dev.imagemoderation.ingest.dispatch.DispatcherHandler;
import dev.imagemoderation.moderate.Moderation;
import dev.imagemoderation.slackactions.SlackActions;
import dev.imagemoderation.slackactions.SlackActionsConfig;
import dev.imagemoderation.statemachine.ModerationWorkflow;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole bot in one JVM: ElasticMQ and S3Proxy (objects under the data directory), the
 * local detector behind its Rekognition-compatible endpoint, the local Step Functions
 * runner (executions in an H2 file under the data directory) behind a StartExecution
 * endpoint, the dispatcher fed by a queue poller, and the Slack intake. The handlers are the
 * real Lambda handlers, reaching these servers through the real SDK clients with endpoint
 * overrides: the same code path as in AWS.
 *
 * <p>Settings (a map of the functions' own environment variables): the Slack ones
 * ({@code SLACK_SIGNING_SECRET}, {@code SLACK_BOT_TOKEN}, {@code SLACK_ADMIN_TOKEN},
 * {@code SLACK_API_URL}, {@code SLACK_ALLOWED_HOSTS}, {@code SLACK_APP_ID}, {@code SLACK_BOT_ID},
 * {@code MODERATORS_CHANNEL}), {@code POLICY}, and {@code DETECTOR_MODEL}.
 */
public final class LocalRuntime implements AutoCloseable {

    static final String BUCKET = "moderation";
    static final String QUEUE = "moderation-events";

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final SlackIntake intake;
    private final LocalStepFunctions runner;

    public LocalRuntime(Path dataDir, Map<String, String> settings, String host, int port) throws IOException {
        EmbeddedSqs sqs = keep(EmbeddedSqs.start());
        EmbeddedS3 s3 = keep(EmbeddedS3.startOnDirectory(dataDir.resolve("s3")));
        s3.ensureBucket(BUCKET);
        String queueUrl = sqs.createQueue(QUEUE);
        SqsClient sqsClient = keep(sqs.client());
        S3Client s3Client = keep(s3.client());

        Model model = Model.byId(settings.getOrDefault("DETECTOR_MODEL", "mobilenet_v2"))
                .orElseThrow(() -> new IllegalArgumentException("DETECTOR_MODEL must be mobilenet_v2, mobilenet_v2_mid or inception_v3"));
        LocalDetector detector = keep(new LocalDetector(model, Math.max(1, Runtime.getRuntime().availableProcessors())));
        RekognitionEndpoint rekognitionEndpoint = keep(new RekognitionEndpoint(detector, s3Client, "127.0.0.1", 0));
        RekognitionClient rekognition = keep(RekognitionClient.builder().endpointOverride(rekognitionEndpoint.endpoint())
                .region(Region.US_EAST_1).credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build());

        Map<String, String> env = new HashMap<>(settings);
        env.put("QUEUE_URL", queueUrl);
        env.put("BUCKET_NAME", BUCKET);
        Env functionEnv = Env.of(env);
        Secrets secrets = new Secrets(() -> {
            throw new IllegalStateException("local mode reads secrets from its settings, not Secrets Manager");
        }, Clock.systemUTC());

        Moderation moderation = Moderation.create(functionEnv, secrets, s3Client, rekognition);
        SlackActions actions = SlackActions.from(SlackActionsConfig.from(functionEnv, secrets));
        runner = keep(new LocalStepFunctions("moderation", ModerationWorkflow.definition(),
                WorkflowFunctions.substitutions(BUCKET), WorkflowFunctions.handlers(moderation, actions),
                new S3Integration(s3Client), Clock.systemUTC(), Sleeper.REAL, 8,
                new H2ExecutionStore(dataDir.resolve("executions"))));
        StepFunctionsEndpoint sfnEndpoint = keep(new StepFunctionsEndpoint(runner));
        SfnClient sfn = keep(SfnClient.builder().endpointOverride(sfnEndpoint.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build());
        keep(new QueuePoller(sqsClient, queueUrl,
                new DispatcherHandler(new Dispatcher(sfn, runner.stateMachineArn()))));

        SlackEventsEndpoint endpoint = SlackEventsHandler.fromEnv(functionEnv, Clock.systemUTC(), sqsClient);
        intake = keep(new SlackIntake(endpoint, host, port));
    }

    /** Where Slack (through a tunnel) posts events. */
    public URI slackEventsUrl() {
        return intake.url();
    }

    public LocalStepFunctions workflow() {
        return runner;
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY));
    }

    /** Stops intake first, so nothing new arrives, then everything else in reverse order. */
    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception ignored) {
                // shutting down: keep closing the rest
            }
        }
    }
}

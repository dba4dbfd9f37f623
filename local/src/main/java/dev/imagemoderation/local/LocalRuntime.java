package dev.imagemoderation.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Authenticator;
import dev.imagemoderation.asl.H2ExecutionStore;
import dev.imagemoderation.asl.LocalStepFunctions;
import dev.imagemoderation.asl.S3Integration;
import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.PolicySetting;
import dev.imagemoderation.aws.Secrets;
import dev.imagemoderation.core.config.Setting;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.memory.DecisionMemory;
import dev.imagemoderation.core.metrics.ModerationMetrics;
import dev.imagemoderation.core.slack.HostAllowlist;
import dev.imagemoderation.detector.DetectorSetup;
import dev.imagemoderation.detector.LocalDetector;
import dev.imagemoderation.detector.Model;
import dev.imagemoderation.detector.RekognitionEndpoint;
import dev.imagemoderation.embedded.EmbeddedS3;
import dev.imagemoderation.embedded.EmbeddedSqs;
import dev.imagemoderation.embedded.LoopbackHttp;
import dev.imagemoderation.ingest.IngestConfig;
import dev.imagemoderation.ingest.IngestService;
import dev.imagemoderation.ingest.InteractionIntake;
import dev.imagemoderation.ingest.SlackEventsEndpoint;
import dev.imagemoderation.ingest.SlackInteractionsEndpoint;
import dev.imagemoderation.ingest.SqsEventQueue;
import dev.imagemoderation.ingest.dispatch.Dispatcher;
import dev.imagemoderation.ingest.dispatch.DispatcherConfig;
import dev.imagemoderation.ingest.dispatch.DispatcherHandler;
import dev.imagemoderation.moderate.Moderation;
import dev.imagemoderation.moderate.ModerationConfig;
import dev.imagemoderation.slackactions.SlackActions;
import dev.imagemoderation.slackactions.SlackActionsConfig;
import dev.imagemoderation.slackactions.review.Reveals;
import dev.imagemoderation.slackactions.review.ReviewActions;
import dev.imagemoderation.statemachine.ModerationWorkflow;
import dev.imagemoderation.statemachine.ReviewWorkflow;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole bot in one JVM: ElasticMQ and S3Proxy (objects under the data directory), the
 * local detector behind its Rekognition-compatible endpoint, the local Step Functions
 * runner (executions in an H2 file under the data directory) behind a StartExecution
 * endpoint, the dispatcher fed by a queue poller, Slack intake over HTTP and/or Socket Mode,
 * the audit console and {@code /metrics}. The handlers are the real Lambda handlers, reaching
 * these servers through the real SDK clients with endpoint overrides: the same code path as
 * in AWS.
 *
 * <p>Settings: the functions' own environment variables ({@code SLACK_SIGNING_SECRET},
 * {@code SLACK_BOT_TOKEN}, {@code SLACK_ADMIN_TOKEN}, {@code SLACK_APP_TOKEN},
 * {@code SLACK_API_URL}, {@code SLACK_ALLOWED_HOSTS}, {@code SLACK_APP_ID}, {@code SLACK_BOT_ID},
 * {@code MODERATORS_CHANNEL}, {@code POLICY}), {@code DETECTOR_MODEL} or {@code DETECTOR_ENDPOINT}, and
 * for tests {@code TEST_ONLY_REMOTE_IMAGE_ORIGINS}.
 */
public final class LocalRuntime implements AutoCloseable {

    static final String BUCKET = "moderation";
    static final String QUEUE = "moderation-events";

    private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);

    private final StartedResources resources;
    private final HttpFront front;
    private final SocketModeIntake socketMode;
    private final QueuePoller poller;
    private final LocalStepFunctions runner;
    private final LocalStepFunctions reviews;
    private final java.util.concurrent.atomic.AtomicReference<URI> consoleBase =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final Metrics metrics;
    private final DecisionMemory memory;
    private final RekognitionEndpoint rekognitionEndpoint;
    private final URI detectorEndpoint;
    private final EmbeddedS3 s3;
    private final String detectorVersion;
    private final List<String> warnings;
    private final boolean httpIntake;
    private final boolean consoleLogin;
    private final HttpFront intake;

    public LocalRuntime(Path dataDir, Map<String, String> settings, String host, int port) throws IOException {
        this(dataDir, settings, host, port, null, new StartedResources());
    }

    LocalRuntime(Path dataDir, Map<String, String> settings, String host, int port, AuditConsole.Demo demo)
            throws IOException {
        this(dataDir, settings, host, port, demo, new StartedResources());
    }

    /** Starts everything in order; if one part fails, what was already started is closed before the error leaves. */
    LocalRuntime(
            Path dataDir,
            Map<String, String> settings,
            String host,
            int port,
            AuditConsole.Demo demo,
            StartedResources resources)
            throws IOException {
        this.resources = resources;
        try {
            // Durable: an event is on disk before Slack gets its 200 or its Socket Mode ack.
            EmbeddedSqs sqs = keep(EmbeddedSqs.startDurable(dataDir.resolve("queue")));
            EmbeddedS3 s3 = keep(EmbeddedS3.startOnDirectory(dataDir.resolve("s3")));
            this.s3 = s3;
            s3.ensureBucket(BUCKET);
            String queueUrl = sqs.createQueue(QUEUE);
            SqsClient sqsClient = keep(sqs.client());
            S3Client s3Client = keep(s3.client());

            String modelId = settings.getOrDefault(LocalSettings.DETECTOR_MODEL, Model.MOBILENET_V2.id());
            DetectorSetup model = DetectorSetup.byId(modelId)
                    .orElseThrow(() -> new IllegalArgumentException(
                            LocalSettings.DETECTOR_MODEL + " must be one of " + DetectorSetup.ids()));
            String externalDetector = settings.get(LocalSettings.DETECTOR_ENDPOINT);
            if (externalDetector == null) {
                LocalDetector detector = keep(new LocalDetector(
                        model, Math.max(1, Runtime.getRuntime().availableProcessors())));
                rekognitionEndpoint = keep(new RekognitionEndpoint(detector, s3Client, "127.0.0.1", 0));
            } else {
                rekognitionEndpoint = null;
            }
            detectorEndpoint = externalDetector != null ? URI.create(externalDetector) : rekognitionEndpoint.endpoint();
            detectorVersion = externalDetector != null ? "the endpoint " + externalDetector : model.version();
            warnings = startWarnings(settings);
            warnings.forEach(LOG::warn);
            RekognitionClient rekognition = keep(RekognitionClient.builder()
                    .endpointOverride(detectorEndpoint)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(credentials())
                    .httpClientBuilder(LoopbackHttp.client())
                    .build());

            Map<String, String> env = new HashMap<>(settings);
            env.put(Setting.QUEUE_URL.name(), queueUrl);
            env.put(Setting.BUCKET_NAME.name(), BUCKET);
            // Cached labels serve only the detector that gave them: another model, another cache. A detector behind
            // an endpoint may name itself (its address can change while it stays the same model).
            env.putIfAbsent(
                    Setting.DETECTOR_ID.name(),
                    externalDetector != null ? "endpoint:" + externalDetector : "local:" + model.id());
            Env functionEnv = Env.of(env);
            Secrets secrets = settingsSecrets();

            // The bot's memory: an H2 file beside the executions, and the banks `bank load` put in place.
            H2DecisionStore decisions = keep(new H2DecisionStore(dataDir.resolve("memory")));
            Path banksDir = Path.of(settings.getOrDefault(
                    LocalSettings.HASH_BANKS_DIR, dataDir.resolve("banks").toString()));
            ModerationConfig moderationConfig = ModerationConfig.from(functionEnv, secrets);
            memory = new DecisionMemory(
                    decisions,
                    new DirectoryHashBanks(banksDir),
                    Clock.systemUTC(),
                    Moderation.MEMORY_INDEX_TTL,
                    moderationConfig.verdictCacheTtl());
            Moderation moderation =
                    Moderation.from(moderationConfig, s3Client, rekognition, ModerationMetrics.NONE, memory);
            SlackActionsConfig slackConfig = SlackActionsConfig.from(functionEnv, secrets);
            SlackActions slackActions = SlackActions.from(slackConfig);
            runner = keep(LocalStepFunctions.builder("moderation", ModerationWorkflow.definition())
                    .substitutions(WorkflowFunctions.substitutions(BUCKET))
                    .lambdas(WorkflowFunctions.handlers(moderation, slackActions))
                    .s3(new S3Integration(s3Client))
                    .maxConcurrent(8)
                    .store(new H2ExecutionStore(dataDir.resolve("executions")))
                    .build());
            // Moderators' actions: the review workflow, reading the moderation runner's executions.
            reviews = keep(LocalStepFunctions.builder("review", ReviewWorkflow.definition())
                    .substitutions(WorkflowFunctions.reviewSubstitutions(BUCKET, ExecutionLookup.arnPrefix(runner)))
                    .lambdas(WorkflowFunctions.reviewHandlers(
                            ReviewActions.from(
                                    slackConfig,
                                    slackActions,
                                    s3Client,
                                    // View (logged) links to the console, whose reveal asks a reason and is logged.
                                    Reveals.console(consoleBase::get),
                                    Clock.systemUTC(),
                                    // the console's decisions are taken: its sign-in is their authorization
                                    true,
                                    memory),
                            slackActions))
                    .s3(new S3Integration(s3Client))
                    .integration(ReviewWorkflow.DESCRIBE_EXECUTION, new ExecutionLookup(runner))
                    .integration(ReviewWorkflow.REDRIVE_EXECUTION, new ExecutionRedrive(runner))
                    .maxConcurrent(4)
                    .store(new H2ExecutionStore(dataDir.resolve("reviews")))
                    .build());
            metrics = new Metrics(() -> QueuePoller.depth(sqsClient, queueUrl));
            runner.onClosed(metrics::executionClosed);
            StepFunctionsEndpoint sfnEndpoint = keep(new StepFunctionsEndpoint(runner, reviews));
            SfnClient sfn = keep(SfnClient.builder()
                    .endpointOverride(sfnEndpoint.endpoint())
                    .region(Region.US_EAST_1)
                    .credentialsProvider(credentials())
                    .httpClientBuilder(LoopbackHttp.client())
                    .build());

            AuditConsole console = new AuditConsole(
                    runner,
                    s3Client,
                    BUCKET,
                    new RevealLog(dataDir, Clock.systemUTC()),
                    info(settings, detectorVersion, demo != null),
                    demo,
                    consoleReviews(reviews, new SqsEventQueue(sqsClient, queueUrl)),
                    new SlackNames(slackConfig.api(), slackConfig.botToken(), Clock.systemUTC()));
            String password = settings.get(LocalSettings.CONSOLE_PASSWORD);
            if (!HostAllowlist.isLoopback(host) && (password == null || password.isBlank())) {
                throw new IllegalArgumentException("the console would listen on " + host + " without a password: set "
                        + LocalSettings.CONSOLE_PASSWORD);
            }
            Authenticator login = password == null || password.isBlank() ? null : HttpFront.login(password);
            consoleLogin = login != null;
            front = keep(new HttpFront(host, port));
            consoleBase.set(front.base());
            front.route(
                    "/metrics",
                    ex -> HttpFront.send(
                            ex,
                            200,
                            "text/plain; version=0.0.4; charset=utf-8",
                            metrics.render().getBytes(StandardCharsets.UTF_8)),
                    login);
            front.route("/api/", console::api, login);
            front.route("/", console::page, login);
            IngestConfig ingest = IngestConfig.from(functionEnv, secrets);
            httpIntake = settings.containsKey(LocalSettings.SIGNING_SECRET);
            if (httpIntake) {
                // Slack's Request URL has a listener of its own, with nothing else on it: the port a tunnel
                // exposes never serves the console, the reveal of quarantined images or the metrics.
                intake = keep(new HttpFront(host, intakePort(settings)));
                intake.route(
                        "/slack/events",
                        new SlackEventsRoute(
                                SlackEventsEndpoint.from(ingest, Clock.systemUTC(), sqsClient)::handle,
                                () -> metrics.eventReceived("http")));
                intake.route(
                        "/slack/interactions",
                        new SlackEventsRoute(
                                SlackInteractionsEndpoint.from(ingest, Clock.systemUTC(), sqsClient)::handle,
                                () -> metrics.eventReceived("http")));
            } else {
                intake = null;
            }
            // Everything the tasks need is up: the executions a stop interrupted continue, then new events flow.
            runner.resumeRunning();
            reviews.resumeRunning();
            poller = keep(new QueuePoller(
                    sqsClient,
                    queueUrl,
                    new DispatcherHandler(Dispatcher.from(
                            new DispatcherConfig(runner.stateMachineArn(), reviews.stateMachineArn()), sfn)),
                    dataDir.resolve("queue")));
            socketMode = settings.containsKey(LocalSettings.APP_TOKEN)
                    ? new SocketModeIntake(
                            slackConfig.api(),
                            secrets.fromEnv(functionEnv, Setting.SLACK_APP_TOKEN),
                            IngestService.from(ingest, Clock.systemUTC(), sqsClient),
                            InteractionIntake.from(ingest, Clock.systemUTC(), sqsClient),
                            () -> metrics.eventReceived("socket_mode"))
                    : null;
        } catch (IOException | RuntimeException | Error e) {
            resources.close();
            throw e;
        }
    }

    /** The console's view of the review workflow: the runner's executions, and decisions on the same queue as clicks. */
    private static AuditConsole.Reviews consoleReviews(LocalStepFunctions reviews, SqsEventQueue queue) {
        return new AuditConsole.Reviews() {
            @Override
            public List<dev.imagemoderation.asl.Execution> of(String moderation) {
                return reviews.list().stream()
                        .filter(r -> moderation.equals(moderationOf(r)))
                        .sorted(java.util.Comparator.comparing(dev.imagemoderation.asl.Execution::startDate))
                        .toList();
            }

            @Override
            public String submit(dev.imagemoderation.core.review.ReviewRequest request) {
                return queue.send(request);
            }
        };
    }

    private static String moderationOf(dev.imagemoderation.asl.Execution review) {
        try {
            return Json.mapper().readTree(review.input()).path("moderation").asText();
        } catch (IOException e) {
            return null;
        }
    }

    /** What an operator must not miss at start: settings that weaken a protection. */
    private static List<String> startWarnings(Map<String, String> settings) {
        String origins = settings.get(LocalSettings.TEST_ONLY_REMOTE_IMAGE_ORIGINS);
        if (origins == null || origins.isBlank()) {
            return List.of();
        }
        return List.of("WARNING: " + LocalSettings.TEST_ONLY_REMOTE_IMAGE_ORIGINS + "=" + origins
                + " lets remote images (link previews, image blocks) be fetched from these origins although they"
                + " are loopback or plain http, which the SSRF rules refuse. It exists for tests; never set it where"
                + " real people post.");
    }

    /** Warnings printed at start (see {@link #startWarnings}). */
    public List<String> warnings() {
        return warnings;
    }

    private static ObjectNode info(Map<String, String> settings, String detector, boolean demo) {
        return Json.mapper()
                .createObjectNode()
                .put("mode", demo ? "DEMO" : "SLACK")
                .put("detector", detector)
                .put("policy", settings.getOrDefault(Setting.POLICY.name(), PolicySetting.DEFAULT))
                .put("socketMode", settings.containsKey(LocalSettings.APP_TOKEN))
                .put("httpIntake", settings.containsKey(LocalSettings.SIGNING_SECRET));
    }

    /** {@code LOCAL_INTAKE_PORT}; 0 (a free port) when unset, as in tests. */
    private static int intakePort(Map<String, String> settings) {
        String v = settings.get(LocalSettings.INTAKE_PORT);
        return v == null ? 0 : Integer.parseInt(v);
    }

    /** The audit console. */
    public URI consoleUrl() {
        return front.base().resolve("/");
    }

    /** Where Slack (through a tunnel) posts events; null when HTTP intake is off (no signing secret). */
    public URI slackEventsUrl() {
        return intake != null ? intake.base().resolve("/slack/events") : null;
    }

    /** Where Slack (through a tunnel) posts clicks, the Interactivity Request URL; null when HTTP intake is off. */
    public URI slackInteractionsUrl() {
        return intake != null ? intake.base().resolve("/slack/interactions") : null;
    }

    public URI metricsUrl() {
        return front.base().resolve("/metrics");
    }

    /** Whether the console asks for {@code CONSOLE_PASSWORD}. */
    public boolean consoleLogin() {
        return consoleLogin;
    }

    public boolean socketMode() {
        return socketMode != null;
    }

    public LocalStepFunctions workflow() {
        return runner;
    }

    /** The bot's memory, as Recall reads it and Remember writes it. */
    public DecisionMemory memory() {
        return memory;
    }

    /** The review workflow's runner: one execution per moderator's action. */
    public LocalStepFunctions reviews() {
        return reviews;
    }

    /** The embedded S3 (incoming copies and quarantine), for tests and for a detector on another endpoint. */
    EmbeddedS3 s3() {
        return s3;
    }

    /** The URLs this runtime serves, for the start-up banner. */
    public Map<String, URI> urls() {
        Map<String, URI> urls = new LinkedHashMap<>();
        urls.put("audit console", consoleUrl());
        if (httpIntake) {
            urls.put("Slack events (Request URL, behind a tunnel)", slackEventsUrl());
            urls.put("Slack interactivity (Request URL, behind a tunnel)", slackInteractionsUrl());
        }
        urls.put("metrics", metricsUrl());
        urls.put(
                rekognitionEndpoint != null
                        ? "Rekognition-compatible detector (AWS CLI --endpoint-url)"
                        : "detector (DETECTOR_ENDPOINT)",
                detectorEndpoint);
        return urls;
    }

    /** Secrets as local mode holds them: values in its settings, never Secrets Manager ARNs. */
    static Secrets settingsSecrets() {
        return new Secrets(
                () -> {
                    throw new IllegalStateException("local mode reads secrets from its settings, not Secrets Manager");
                },
                Clock.systemUTC());
    }

    private <T extends AutoCloseable> T keep(T resource) {
        return resources.keep(resource);
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY));
    }

    /**
     * Intake first, so nothing new arrives; then the poller, once the batch in hand is
     * dispatched; then the rest. Events still queued wait in the durable queue, and running
     * executions stop where they are: both continue at the next start.
     */
    @Override
    public void close() {
        if (socketMode != null) {
            quietly(socketMode);
        }
        if (intake != null) {
            quietly(intake); // intake first: nothing new arrives
        }
        quietly(front);
        resources.close();
    }

    private static void quietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // shutting down: keep closing the rest
        }
    }
}

package dev.imagemoderation.bench;

import static dev.imagemoderation.slackemulator.SampleWorkspace.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.asl.Execution;
import dev.imagemoderation.asl.LambdaFunctions;
import dev.imagemoderation.asl.LocalStepFunctions;
import dev.imagemoderation.asl.S3Integration;
import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.Secrets;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.moderation.ModerationLabel;
import dev.imagemoderation.core.moderation.NoticeTexts;
import dev.imagemoderation.core.moderation.PolicyLoader;
import dev.imagemoderation.core.slack.HostAllowlist;
import dev.imagemoderation.embedded.EmbeddedS3;
import dev.imagemoderation.local.WorkflowFunctions;
import dev.imagemoderation.moderate.Moderation;
import dev.imagemoderation.moderate.ModerationConfig;
import dev.imagemoderation.slack.SlackApi;
import dev.imagemoderation.slackactions.FileRemover;
import dev.imagemoderation.slackactions.Notifier;
import dev.imagemoderation.slackactions.SlackActions;
import dev.imagemoderation.slackemulator.SampleWorkspace;
import dev.imagemoderation.slackemulator.SlackEmulator;
import dev.imagemoderation.statemachine.ModerationWorkflow;
import dev.imagemoderation.testkit.aws.RekognitionServer;
import dev.imagemoderation.testkit.images.TestImages;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rekognition.RekognitionClient;

/**
 * The whole moderation workflow in one JVM: moderation.asl.json on the local runner with
 * the real handlers, the Slack emulator, S3Proxy and the Rekognition protocol server
 * (scripted labels: the detector's own cost is not in this figure). Every fourth message
 * carries an explicit image and goes through quarantine, removal and notices.
 * Args: {@code [messages=200] [concurrency=8]}.
 */
public final class WorkflowThroughput {

    private WorkflowThroughput() {}

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        var workspace = SampleWorkspace.create();
        try (var slack = SlackEmulator.start(workspace);
                var s3 = EmbeddedS3.start();
                var rekognition = new RekognitionServer();
                var s3Client = s3.client();
                var rekognitionClient = RekognitionClient.builder()
                        .endpointOverride(rekognition.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")))
                        .httpClient(UrlConnectionHttpClient.create())
                        .build()) {
            s3.createBucket("bench");
            rekognition.labels(
                    "F0BAD",
                    new ModerationLabel("Explicit Nudity", "Explicit", 96f, 2),
                    new ModerationLabel("Explicit", "", 96f, 1));
            Moderation moderation = Moderation.from(
                    ModerationConfig.from(
                            Env.of(Map.of(
                                    "BUCKET_NAME",
                                    "bench",
                                    "SLACK_BOT_TOKEN",
                                    BOT_TOKEN,
                                    "SLACK_API_URL",
                                    slack.apiUrl(),
                                    "SLACK_ALLOWED_HOSTS",
                                    slack.host())),
                            new Secrets(() -> null, Clock.systemUTC())),
                    s3Client,
                    rekognitionClient);
            SlackApi api = new SlackApi(slack.apiUrl(), HostAllowlist.slackPlus(Set.of(slack.host())));
            SlackActions actions = new SlackActions(
                    new FileRemover(api, () -> ADMIN_TOKEN, () -> BOT_TOKEN, false),
                    new Notifier(api, () -> BOT_TOKEN, MODERATORS, new NoticeTexts(PolicyLoader.preset("default"))));
            LambdaFunctions lambdas = WorkflowFunctions.handlers(moderation, actions);
            Map<String, String> substitutions = WorkflowFunctions.substitutions("bench");
            byte[] thumbnail = TestImages.jpeg(480, 360);
            List<String> inputs = new ArrayList<>();
            int warmups = Math.min(20, messages);
            for (int i = 0; i < messages + warmups; i++) {
                String id = (i % 4 == 0 ? "F0BAD" : "F0OK0") + String.format("%05d", i);
                workspace
                        .file(id, id + ".jpg", "image/jpeg", "jpg", POSTER, thumbnail, 480, 360)
                        .sharedIn(GENERAL);
                var m = workspace.post(GENERAL, POSTER, "", null, id);
                ObjectNode r = Json.mapper()
                        .createObjectNode()
                        .put("schemaVersion", 1)
                        .put("eventId", "Ev" + i)
                        .put("teamId", TEAM)
                        .put("channelId", GENERAL)
                        .put("channelType", "channel")
                        .put("userId", POSTER)
                        .put("messageTs", m.ts())
                        .put("receivedAt", "2026-11-25T12:00:00Z");
                r.putArray("files")
                        .addObject()
                        .put("id", id)
                        .put("name", id + ".jpg")
                        .put("mimetype", "image/jpeg")
                        .put("filetype", "jpg")
                        .put("size", thumbnail.length)
                        .put("urlPrivate", slack.fileUrl(id))
                        .put("originalW", 480)
                        .put("originalH", 360);
                inputs.add(r.toString());
            }
            try (var sfn = LocalStepFunctions.builder("bench", ModerationWorkflow.definition())
                    .substitutions(substitutions)
                    .lambdas(lambdas)
                    .s3(new S3Integration(s3Client))
                    .sleeper(d -> {})
                    .maxConcurrent(concurrency)
                    .build()) {
                // warm-up: JIT, connection pools
                for (int i = 0; i < warmups; i++) {
                    sfn.start("warm-" + i, inputs.get(messages + i))
                            .completion()
                            .get(60, TimeUnit.SECONDS);
                }
                long start = System.nanoTime();
                List<Execution> runs = new ArrayList<>();
                for (int i = 0; i < messages; i++) {
                    runs.add(sfn.start("run-" + i, inputs.get(i)));
                }
                long[] latencies = new long[messages];
                int failed = 0;
                for (int i = 0; i < messages; i++) {
                    Execution e = runs.get(i).completion().get(5, TimeUnit.MINUTES);
                    latencies[i] = Duration.between(e.startDate(), e.stopDate()).toMillis();
                    if (e.status() != Execution.Status.SUCCEEDED) {
                        failed++;
                        System.err.println("failed " + e.name() + ": " + e.error() + ": "
                                + (e.cause() == null
                                        ? ""
                                        : e.cause()
                                                .substring(
                                                        0,
                                                        Math.min(400, e.cause().length()))));
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                Arrays.sort(latencies);
                System.out.printf(
                        "workflow messages=%d concurrency=%d failed=%d wall=%.2fs throughput=%.1f images/s "
                                + "latency_ms p50=%d p90=%d p99=%d max=%d%n",
                        messages,
                        concurrency,
                        failed,
                        seconds,
                        messages / seconds,
                        latencies[messages / 2],
                        latencies[(int) (messages * 0.9)],
                        latencies[Math.min(messages - 1, (int) (messages * 0.99))],
                        latencies[messages - 1]);
            }
        }
    }
}

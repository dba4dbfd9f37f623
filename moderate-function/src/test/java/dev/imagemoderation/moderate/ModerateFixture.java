package dev.imagemoderation.moderate;

import static dev.imagemoderation.slackemulator.SampleWorkspace.*;

import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.Secrets;
import dev.imagemoderation.core.request.ModerationRequest;
import dev.imagemoderation.core.slack.SlackFile;
import dev.imagemoderation.core.slack.Thumbnail;
import dev.imagemoderation.core.workflow.FileScan;
import dev.imagemoderation.embedded.EmbeddedS3;
import dev.imagemoderation.slackemulator.SampleWorkspace;
import dev.imagemoderation.slackemulator.SlackEmulator;
import dev.imagemoderation.slackemulator.Workspace;
import dev.imagemoderation.testkit.aws.RekognitionServer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Real protocol servers for moderate-function: the Slack emulator, S3Proxy and the
 * Rekognition protocol server, reached through the real clients, wired by {@link Moderation#from}.
 */
final class ModerateFixture implements AutoCloseable {

    static final String BUCKET = "moderation-test";

    final Workspace workspace = SampleWorkspace.create();
    final SlackEmulator slack = SlackEmulator.start(workspace);
    final EmbeddedS3 s3 = EmbeddedS3.start();
    final RekognitionServer rekognition = new RekognitionServer();
    final S3Client s3Client = s3.client();
    final RekognitionClient rekognitionClient = RekognitionClient.builder()
            .endpointOverride(rekognition.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(ClientOverrideConfiguration.builder()
                    .retryStrategy(RetryMode.STANDARD)
                    .build())
            .build();
    final Moderation moderation;

    ModerateFixture() {
        this(Map.of());
    }

    ModerateFixture(Map<String, String> extraEnv) {
        s3.createBucket(BUCKET);
        var env = new java.util.HashMap<>(Map.of(
                "BUCKET_NAME",
                BUCKET,
                "SLACK_BOT_TOKEN",
                BOT_TOKEN,
                "SLACK_API_URL",
                slack.apiUrl(),
                "SLACK_ALLOWED_HOSTS",
                slack.host()));
        env.putAll(extraEnv);
        moderation = Moderation.from(
                ModerationConfig.from(
                        Env.of(env),
                        new Secrets(
                                () -> {
                                    throw new AssertionError("no Secrets Manager in these tests");
                                },
                                Clock.systemUTC())),
                s3Client,
                rekognitionClient);
    }

    /** Stores a file in the emulated workspace, shared in #general, and describes it as an event would. */
    SlackFile share(
            String id,
            String name,
            String mimetype,
            String filetype,
            byte[] bytes,
            int w,
            int h,
            Map<Integer, byte[]> thumbs) {
        var f = workspace
                .file(id, name, mimetype, filetype, POSTER, bytes, w, h)
                .sharedIn(GENERAL);
        TreeMap<Integer, Thumbnail> t = new TreeMap<>();
        thumbs.forEach((size, data) -> {
            f.thumb(size, data, size, size * 3 / 4);
            t.put(size, new Thumbnail(slack.thumbUrl(id, size), size, size * 3 / 4));
        });
        return new SlackFile(
                id, name, mimetype, filetype, (long) bytes.length, "hosted", "visible", slack.fileUrl(id), w, h, t);
    }

    SlackFile share(String id, String mimetype, String filetype, byte[] bytes, int w, int h) {
        return share(id, id.toLowerCase() + "." + filetype, mimetype, filetype, bytes, w, h, Map.of());
    }

    static FileScan scan(SlackFile file) {
        var request = new ModerationRequest(
                1,
                "Ev0TEST01",
                TEAM,
                null,
                GENERAL,
                "channel",
                POSTER,
                "1732540001.000100",
                null,
                Instant.parse("2026-11-25T12:00:00Z"),
                List.of());
        return new FileScan(request, file, null, null, null);
    }

    byte[] object(String key) {
        return s3Client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    }

    @Override
    public void close() {
        s3Client.close();
        rekognitionClient.close();
        rekognition.close();
        s3.close();
        slack.close();
    }
}

package dev.imagemoderation.local;

import static dev.imagemoderation.slackemulator.SampleWorkspace.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.asl.Execution;
import dev.imagemoderation.asl.ExecutionAlreadyExistsException;
import dev.imagemoderation.asl.LocalStepFunctions;
import dev.imagemoderation.asl.S3Integration;
import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.Secrets;
import dev.imagemoderation.core.errors.StorageUnavailableException;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.memory.CachedDetection;
import dev.imagemoderation.core.memory.Decision;
import dev.imagemoderation.core.memory.DecisionMemory;
import dev.imagemoderation.core.memory.DecisionStore;
import dev.imagemoderation.core.memory.HashBanks;
import dev.imagemoderation.core.metrics.ModerationMetrics;
import dev.imagemoderation.core.moderation.ModerationLabel;
import dev.imagemoderation.core.moderation.NoticeTexts;
import dev.imagemoderation.core.moderation.PolicyLoader;
import dev.imagemoderation.core.slack.HostAllowlist;
import dev.imagemoderation.embedded.EmbeddedS3;
import dev.imagemoderation.moderate.Moderation;
import dev.imagemoderation.moderate.ModerationConfig;
import dev.imagemoderation.slack.SlackApi;
import dev.imagemoderation.slackactions.FileRemover;
import dev.imagemoderation.slackactions.Notifier;
import dev.imagemoderation.slackactions.SlackActions;
import dev.imagemoderation.slackemulator.SampleWorkspace;
import dev.imagemoderation.slackemulator.SlackEmulator;
import dev.imagemoderation.slackemulator.Workspace;
import dev.imagemoderation.statemachine.ModerationWorkflow;
import dev.imagemoderation.testkit.aws.RekognitionServer;
import dev.imagemoderation.testkit.images.TestImages;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * statemachine/moderation.asl.json executed end to end by the local runner, with the real
 * handlers of moderate-function and slack-actions-function, the Slack emulator, S3Proxy and
 * the Rekognition protocol server. Waits and backoffs are recorded, not slept.
 */
class ModerationWorkflowTest {

    private static final String BUCKET = "moderation";
    private static final ModerationLabel[] EXPLICIT = {
        new ModerationLabel("Exposed Female Genitalia", "Explicit Nudity", 97f, 3),
        new ModerationLabel("Explicit Nudity", "Explicit", 97f, 2),
        new ModerationLabel("Explicit", "", 97f, 1)
    };
    private static final ModerationLabel[] SWIMWEAR = {
        new ModerationLabel("Female Swimwear or Underwear", "Swimwear or Underwear", 94f, 2),
        new ModerationLabel("Swimwear or Underwear", "", 94f, 1)
    };

    private final Workspace workspace = SampleWorkspace.create();
    private final SlackEmulator slack = SlackEmulator.start(workspace);
    private final EmbeddedS3 s3 = EmbeddedS3.start();
    private final RekognitionServer rekognition = new RekognitionServer();
    private final S3Client s3Client = s3.client();
    private final RekognitionClient rekognitionClient = RekognitionClient.builder()
            .endpointOverride(rekognition.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private LocalStepFunctions sfn;

    private LocalStepFunctions runner(String adminToken) {
        return runner(adminToken, null);
    }

    private LocalStepFunctions runner(String adminToken, DecisionMemory memory) {
        s3.createBucket(BUCKET);
        Moderation moderation = Moderation.from(
                ModerationConfig.from(
                        Env.of(Map.of(
                                "BUCKET_NAME",
                                BUCKET,
                                "SLACK_BOT_TOKEN",
                                BOT_TOKEN,
                                "SLACK_API_URL",
                                slack.apiUrl(),
                                "SLACK_ALLOWED_HOSTS",
                                slack.host())),
                        new Secrets(() -> null, Clock.systemUTC())),
                s3Client,
                rekognitionClient,
                ModerationMetrics.NONE,
                memory);
        SlackApi api = new SlackApi(slack.apiUrl(), HostAllowlist.slackPlus(Set.of(slack.host())));
        var policy = PolicyLoader.preset("default");
        SlackActions actions = new SlackActions(
                new FileRemover(api, () -> adminToken, () -> BOT_TOKEN, false),
                new Notifier(api, () -> BOT_TOKEN, MODERATORS, new NoticeTexts(policy)));
        sfn = LocalStepFunctions.builder("moderation", ModerationWorkflow.definition())
                .substitutions(WorkflowFunctions.substitutions(BUCKET))
                .lambdas(WorkflowFunctions.handlers(moderation, actions))
                .s3(new S3Integration(s3Client))
                .sleeper(sleeps::add)
                .maxConcurrent(4)
                .build();
        return sfn;
    }

    @AfterEach
    void stop() {
        if (sfn != null) {
            sfn.close();
        }
        s3Client.close();
        rekognitionClient.close();
        rekognition.close();
        s3.close();
        slack.close();
    }

    /** Shares files in #general as the poster and returns the queue message for that Slack message. */
    private String message(String eventId, Map<String, byte[]> files) {
        String[] ids = files.keySet().toArray(String[]::new);
        ObjectNode request = Json.mapper()
                .createObjectNode()
                .put("schemaVersion", 1)
                .put("eventId", eventId)
                .put("teamId", TEAM)
                .put("channelId", GENERAL)
                .put("channelType", "channel")
                .put("userId", POSTER)
                .put("receivedAt", "2026-11-25T12:00:00Z");
        ArrayNode fileArray = request.putArray("files");
        files.forEach((id, bytes) -> {
            boolean jpeg = bytes.length > 2 && (bytes[0] & 0xFF) == 0xFF;
            workspace
                    .file(
                            id,
                            id + (jpeg ? ".jpg" : ".png"),
                            jpeg ? "image/jpeg" : "image/png",
                            jpeg ? "jpg" : "png",
                            POSTER,
                            bytes,
                            320,
                            240)
                    .sharedIn(GENERAL);
            fileArray
                    .addObject()
                    .put("id", id)
                    .put("name", id + ".jpg")
                    .put("mimetype", jpeg ? "image/jpeg" : "image/png")
                    .put("filetype", jpeg ? "jpg" : "png")
                    .put("size", bytes.length)
                    .put("mode", "hosted")
                    .put("fileAccess", "visible")
                    .put("urlPrivate", slack.fileUrl(id))
                    .put("originalW", 320)
                    .put("originalH", 240);
        });
        var m = workspace.post(GENERAL, POSTER, "", null, ids);
        request.put("messageTs", m.ts());
        return request.toString();
    }

    /** The queue message for a HEIC file Slack made a 1024-px thumbnail of. */
    private String messageFor(String eventId, Workspace.Message posted, String fileId) {
        ObjectNode request = Json.mapper()
                .createObjectNode()
                .put("schemaVersion", 1)
                .put("eventId", eventId)
                .put("teamId", TEAM)
                .put("channelId", GENERAL)
                .put("channelType", "channel")
                .put("userId", POSTER)
                .put("messageTs", posted.ts())
                .put("receivedAt", "2026-11-25T12:00:00Z");
        ObjectNode file = request.putArray("files")
                .addObject()
                .put("id", fileId)
                .put("name", "photo.heic")
                .put("mimetype", "image/heic")
                .put("filetype", "heic")
                .put("size", 16)
                .put("mode", "hosted")
                .put("fileAccess", "visible")
                .put("urlPrivate", slack.fileUrl(fileId))
                .put("originalW", 4032)
                .put("originalH", 3024);
        file.putObject("thumbs")
                .putObject("1024")
                .put("url", slack.thumbUrl(fileId, 1024))
                .put("w", 1024)
                .put("h", 768);
        return request.toString();
    }

    private Execution runToEnd(String name, String input) throws Exception {
        return sfn.start(name, input).completion().get(60, TimeUnit.SECONDS);
    }

    private List<String> states(Execution e) {
        return e.history().stream()
                .filter(h -> h.type().endsWith("StateEntered"))
                .map(h -> h.details().path("name").asText())
                .toList();
    }

    @Test
    void explicitImage_isQuarantinedRemovedAndNotified() throws Exception {
        runner(ADMIN_TOKEN);
        rekognition.labels("F0EXPL0001", EXPLICIT);

        Execution e =
                runToEnd(TEAM + "-Ev0REMOVE", message("Ev0REMOVE", Map.of("F0EXPL0001", TestImages.jpeg(320, 240))));

        assertThat(e.status()).as("%s %s", e.error(), e.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(e.output().path("action").asText()).isEqualTo("REMOVE");
        assertThat(states(e))
                .containsSubsequence(
                        "ScanFiles",
                        "FetchImage",
                        "DetectLabels",
                        "Decide",
                        "QuarantineFiles",
                        "CopyToQuarantine",
                        "RemoveFiles",
                        "NotifyChannel",
                        "NotifyPoster",
                        "ReportToModerators",
                        "Done");
        assertThat(workspace.findFile("F0EXPL0001").orElseThrow().isDeleted()).isTrue();
        assertThat(s3Client.getObjectAsBytes(b -> b.bucket(BUCKET).key("quarantine/" + TEAM + "/Ev0REMOVE/F0EXPL0001"))
                        .asByteArray())
                .isNotEmpty();
        assertThat(workspace.messagesIn(GENERAL))
                .filteredOn(m -> m.user().equals(BOT_USER))
                .singleElement()
                .satisfies(m -> assertThat(m.text()).contains("*Explicit*"));
        assertThat(workspace.messagesIn(workspace.imWith(POSTER).orElseThrow())).hasSize(1);
        assertThat(workspace.messagesIn(MODERATORS))
                .singleElement()
                .satisfies(m -> assertThat(m.text())
                        .contains("*Removed*")
                        .contains("Exposed Female Genitalia 97.0%")
                        .contains(TEAM + "-Ev0REMOVE"));
    }

    @Test
    void aMemoryThatCannotAnswer_leavesTheImageToTheDetector() throws Exception {
        DecisionStore down = new DecisionStore() {
            @Override
            public void record(Decision decision) {
                throw new StorageUnavailableException("the decision store is unreachable (test)");
            }

            @Override
            public Optional<Decision> decision(String teamId, String sha256) {
                throw new StorageUnavailableException("the decision store is unreachable (test)");
            }

            @Override
            public List<Decision> decisionsWithPdq(String teamId) {
                throw new StorageUnavailableException("the decision store is unreachable (test)");
            }

            @Override
            public void cache(CachedDetection entry) {
                throw new StorageUnavailableException("the decision store is unreachable (test)");
            }

            @Override
            public Optional<CachedDetection> cached(
                    String teamId, String sha256, String detector, String policyVersion, Instant now) {
                throw new StorageUnavailableException("the decision store is unreachable (test)");
            }
        };
        runner(
                ADMIN_TOKEN,
                new DecisionMemory(
                        down, HashBanks.NONE, Clock.systemUTC(), Duration.ofMinutes(1), Duration.ofDays(30)));
        rekognition.labels("F0EXPL0001", EXPLICIT);

        Execution e =
                runToEnd(TEAM + "-Ev0NOMEM", message("Ev0NOMEM", Map.of("F0EXPL0001", TestImages.jpeg(320, 240))));

        assertThat(e.status()).as("%s %s", e.error(), e.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(e.output().path("action").asText()).isEqualTo("REMOVE");
        assertThat(states(e)).containsSubsequence("FetchImage", "Recall", "DetectLabels", "Decide", "RemoveFiles");
        assertThat(e.history())
                .anySatisfy(h -> assertThat(h.details().toString())
                        .contains("StorageUnavailableException")
                        .contains("the decision store is unreachable"));
        assertThat(sleeps).as("Recall retried the store first").isNotEmpty();
    }

    @Test
    void swimwear_goesToReviewOnly() throws Exception {
        runner(ADMIN_TOKEN);
        rekognition.labels("F0SWIM0001", SWIMWEAR);

        Execution e =
                runToEnd(TEAM + "-Ev0REVIEW", message("Ev0REVIEW", Map.of("F0SWIM0001", TestImages.jpeg(320, 240))));

        assertThat(e.status()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(e.output().path("action").asText()).isEqualTo("REVIEW");
        assertThat(states(e))
                .contains("ReportToModerators")
                .doesNotContain("RemoveFiles", "NotifyChannel", "QuarantineFiles");
        assertThat(slack.calls("files.delete")).isEmpty();
        assertThat(workspace.messagesIn(MODERATORS))
                .singleElement()
                .satisfies(m -> assertThat(m.text()).contains("*Needs review*"));
    }

    @Test
    void cleanImage_isAllowed_andItsCopiesDiscarded() throws Exception {
        runner(ADMIN_TOKEN);

        Execution e = runToEnd(TEAM + "-Ev0ALLOW", message("Ev0ALLOW", Map.of("F0CLEAN001", TestImages.png(320, 240))));

        assertThat(e.status()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(e.output().path("action").asText()).isEqualTo("ALLOW");
        assertThat(states(e)).containsSubsequence("Decide", "DiscardCopies", "DeleteCopies", "Done");
        assertThat(slack.calls("chat.postMessage")).isEmpty();
        assertThat(s3Client.listObjectsV2(b -> b.bucket(BUCKET).prefix("incoming/"))
                        .contents())
                .isEmpty();
    }

    @Test
    void threeImagesOneExplicit_removesOnlyThatOne_withOneNotice() throws Exception {
        runner(ADMIN_TOKEN);
        rekognition.labels("F0MIXBAD01", EXPLICIT);
        var files = new java.util.LinkedHashMap<String, byte[]>();
        files.put("F0MIXOK001", TestImages.jpeg(320, 240));
        files.put("F0MIXBAD01", TestImages.jpeg(320, 240));
        files.put("F0MIXOK002", TestImages.png(320, 240));

        Execution e = runToEnd(TEAM + "-Ev0MIXED", message("Ev0MIXED", files));

        assertThat(e.status()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(slack.calls("files.delete"))
                .singleElement()
                .satisfies(c -> assertThat(c.param("file")).isEqualTo("F0MIXBAD01"));
        assertThat(workspace.findFile("F0MIXOK001").orElseThrow().isDeleted()).isFalse();
        assertThat(workspace.messagesIn(GENERAL))
                .filteredOn(m -> m.user().equals(BOT_USER))
                .hasSize(1);
        assertThat(e.output().path("files")).hasSize(3);
    }

    @Test
    void onePoisonFileBesideAnExplicitOne_theExplicitIsRemoved_andTheReportNamesBoth() throws Exception {
        runner(ADMIN_TOKEN);
        rekognition.labels("F0EXPLICT1", EXPLICIT).rejectKey("F0POISON01", "InvalidImageFormatException");
        var files = new java.util.LinkedHashMap<String, byte[]>();
        files.put("F0POISON01", TestImages.jpeg(320, 240));
        files.put("F0EXPLICT1", TestImages.jpeg(320, 240));

        Execution e = runToEnd(TEAM + "-Ev0POISON", message("Ev0POISON", files));

        assertThat(e.status()).as("%s %s", e.error(), e.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(e.output().path("action").asText()).isEqualTo("REMOVE");
        assertThat(slack.calls("files.delete"))
                .singleElement()
                .satisfies(c -> assertThat(c.param("file")).isEqualTo("F0EXPLICT1"));
        assertThat(workspace.findFile("F0POISON01").orElseThrow().isDeleted()).isFalse();
        assertThat(workspace.messagesIn(MODERATORS))
                .singleElement()
                .satisfies(m -> assertThat(m.text())
                        .contains("F0EXPLICT1")
                        .contains("F0POISON01")
                        .contains("unscannable: ScanFailed")
                        .contains("DetectorRejectedImageException"));
    }

    @Test
    void heicAnalysedThroughItsThumbnail_quarantinesTheTrueOriginal_beforeTheFileIsDeleted() throws Exception {
        runner(ADMIN_TOKEN);
        rekognition.labels("F0HEICBAD1", EXPLICIT);
        byte[] heic = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 1, 2, 3, 4};
        workspace
                .file("F0HEICBAD1", "photo.heic", "image/heic", "heic", POSTER, heic, 4032, 3024)
                .thumb(1024, TestImages.jpeg(1024, 768), 1024, 768)
                .sharedIn(GENERAL);
        var posted = workspace.post(GENERAL, POSTER, "", null, "F0HEICBAD1");

        Execution e = runToEnd(TEAM + "-Ev0HEIC", messageFor("Ev0HEIC", posted, "F0HEICBAD1"));

        assertThat(e.status()).as("%s %s", e.error(), e.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(workspace.findFile("F0HEICBAD1").orElseThrow().isDeleted()).isTrue();
        byte[] quarantined = s3Client.getObjectAsBytes(
                        b -> b.bucket(BUCKET).key("quarantine/" + TEAM + "/Ev0HEIC/F0HEICBAD1"))
                .asByteArray();
        assertThat(quarantined).isEqualTo(heic);
    }

    @Test
    void rateLimitedNotice_waitsForRetryAfter_thenPostsOnce() throws Exception {
        runner(ADMIN_TOKEN);
        rekognition.labels("F0RATE0001", EXPLICIT);
        slack.script("chat.postMessage", new SlackEmulator.Fault.RateLimited(7), 1);

        Execution e = runToEnd(TEAM + "-Ev0RATE", message("Ev0RATE", Map.of("F0RATE0001", TestImages.jpeg(320, 240))));

        assertThat(e.status()).as("%s %s", e.error(), e.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(states(e))
                .containsSubsequence(
                        "NotifyChannel",
                        "SlackRateLimited",
                        "WaitForSlack",
                        "ResumeAfterWait",
                        "NotifyChannel",
                        "NotifyPoster");
        assertThat(sleeps).contains(Duration.ofSeconds(7));
        assertThat(workspace.messagesIn(GENERAL))
                .filteredOn(m -> m.user().equals(BOT_USER))
                .hasSize(1);
    }

    @Test
    void removalTheTokenMayNotDo_alertsModerators_andFailsNamingTheCause() throws Exception {
        workspace.token("emulator-bot-token-with-files-write", BOT_USER, "files:read", "files:write", "chat:write");
        runner("emulator-bot-token-with-files-write");
        rekognition.labels("F0DENIED01", EXPLICIT);

        Execution e =
                runToEnd(TEAM + "-Ev0DENIED", message("Ev0DENIED", Map.of("F0DENIED01", TestImages.jpeg(320, 240))));

        assertThat(e.status()).isEqualTo(Execution.Status.FAILED);
        assertThat(e.error()).isEqualTo("dev.imagemoderation.core.errors.ModerationFailedException");
        assertThat(e.cause())
                .contains("RemoveFiles failed with dev.imagemoderation.core.errors.SlackActionFailedException")
                .contains("cant_delete_file")
                .contains("Retry on it redrives the moderation from RemoveFiles");
        assertThat(states(e))
                .containsSubsequence("RemoveFiles", "ReportFailure", "HoldForRetry")
                .doesNotContain("NotifyChannel");
        assertThat(workspace.findFile("F0DENIED01").orElseThrow().isDeleted()).isFalse();
        assertThat(workspace.messagesIn(MODERATORS))
                .singleElement()
                .satisfies(m -> assertThat(m.text())
                        .contains("Could not moderate")
                        .contains("Manual removal needed")
                        .contains("cant_delete_file")
                        .contains("press Retry"));
    }

    @Test
    void aFailedRemoval_redrivenOnceTheCauseIsFixed_continuesFromTheStepThatFailed() throws Exception {
        workspace.token("emulator-admin-token-later-fixed", BOT_USER, "files:read", "files:write", "chat:write");
        runner("emulator-admin-token-later-fixed");
        rekognition.labels("F0LATER001", EXPLICIT);
        Execution failed =
                runToEnd(TEAM + "-Ev0LATER", message("Ev0LATER", Map.of("F0LATER001", TestImages.jpeg(320, 240))));
        assertThat(failed.status()).isEqualTo(Execution.Status.FAILED);
        int detections = rekognition.calls().size();

        // The operator fixes the cause: the token is now a workspace admin's.
        workspace.token("emulator-admin-token-later-fixed", ADMIN, "files:read", "files:write", "chat:write");
        Execution redriven = sfn.redrive(TEAM + "-Ev0LATER").completion().get(60, TimeUnit.SECONDS);

        assertThat(redriven.status())
                .as("%s %s", redriven.error(), redriven.cause())
                .isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(workspace.findFile("F0LATER001").orElseThrow().isDeleted()).isTrue();
        assertThat(states(redriven))
                .containsSubsequence(
                        "RemoveFiles",
                        "ReportFailure",
                        "HoldForRetry",
                        "HoldForRetry",
                        "RetryFailedStep",
                        "RemoveFiles",
                        "NotifyChannel",
                        "NotifyPoster",
                        "ReportToModerators",
                        "Done");
        assertThat(states(redriven).stream().filter("FetchImage"::equals))
                .as("not fetched again")
                .hasSize(1);
        assertThat(rekognition.calls()).as("not detected again").hasSize(detections);
        assertThat(redriven.history()).extracting(h -> h.type()).contains("ExecutionRedriven");
    }

    @Test
    void corruptImage_isReviewed_withTheReason() throws Exception {
        runner(ADMIN_TOKEN);

        Execution e = runToEnd(
                TEAM + "-Ev0CORRUPT", message("Ev0CORRUPT", Map.of("F0CORRUPT1", TestImages.truncatedJpeg(320, 240))));

        assertThat(e.status()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(e.output().path("action").asText()).isEqualTo("REVIEW");
        assertThat(rekognition.calls()).isEmpty();
        assertThat(workspace.messagesIn(MODERATORS))
                .singleElement()
                .satisfies(m -> assertThat(m.text()).contains("unscannable: Truncated"));
    }

    @Test
    void sameEventDeliveredThreeTimes_runsOnce_removesOnce_notifiesOnce() throws Exception {
        runner(ADMIN_TOKEN);
        rekognition.labels("F0DUP00001", EXPLICIT);
        String input = message("Ev0DUP", Map.of("F0DUP00001", TestImages.jpeg(320, 240)));
        String name = TEAM + "-Ev0DUP";

        Execution first = sfn.start(name, input);
        Execution retry = first.status() == Execution.Status.RUNNING ? sfn.start(name, input) : first;
        first.completion().get(60, TimeUnit.SECONDS);

        assertThat(retry).isSameAs(first);
        assertThatThrownBy(() -> sfn.start(name, input)).isInstanceOf(ExecutionAlreadyExistsException.class);
        assertThat(sfn.list()).hasSize(1);
        assertThat(slack.calls("files.delete")).hasSize(1);
        assertThat(workspace.messagesIn(GENERAL))
                .filteredOn(m -> m.user().equals(BOT_USER))
                .hasSize(1);
    }
}

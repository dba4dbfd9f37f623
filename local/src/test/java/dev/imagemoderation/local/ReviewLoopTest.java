package dev.imagemoderation.local;

import static dev.imagemoderation.local.JudgedLocalMode.await;
import static dev.imagemoderation.slackemulator.SampleWorkspace.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagemoderation.asl.Execution;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.slackemulator.SlackEmulator;
import dev.imagemoderation.slackemulator.Workspace;
import dev.imagemoderation.testkit.images.TestImages;
import java.awt.Color;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Moderators act from Slack, end to end in local mode: the report's buttons, clicked in the
 * emulator as Slack delivers clicks (signed, to the Interactivity URL), run the review
 * workflow. Red images are "explicit" (removed), blue ones "swimwear" (reviewed).
 */
class ReviewLoopTest {

    @TempDir
    Path dir;

    private JudgedLocalMode local;
    private Workspace workspace;
    private SlackEmulator slack;
    private LocalRuntime runtime;
    private S3Client s3;

    @BeforeEach
    void start() throws Exception {
        local = new JudgedLocalMode(dir.resolve("data"), emulator -> Map.of());
        workspace = local.workspace;
        slack = local.slack;
        runtime = local.runtime;
        s3 = local.s3;
    }

    @AfterEach
    void stop() {
        if (local != null) {
            local.close();
        }
    }

    @Test
    void aRemovalRestoredByAModerator_isBackInTheChannel_theNoticeSaysSo_thePosterIsTold_andTheReportIsClosed()
            throws Exception {
        share("F0RED00001", Color.RED);
        Workspace.Message report = reportFor("REMOVE");
        assertThat(buttons(report)).containsExactly("view", "restore", "keep_removed");
        assertThat(workspace.findFile("F0RED00001").orElseThrow().isDeleted()).isTrue();

        slack.events().click(MODERATORS, report.ts(), "restore", MODERATOR);
        Execution review = local.awaitReview(1);

        assertThat(review.status()).as("%s %s", review.error(), review.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(review.output().path("outcome").asText()).isEqualTo("DONE");
        assertThat(Json.mapper().readTree(review.input()).path("actorId").asText())
                .isEqualTo(MODERATOR);
        assertThat(review.name())
                .isEqualTo(TEAM + "-review-" + report.ts().replace('.', '_') + "-restore-" + MODERATOR);
        Workspace.Message restored = workspace.messagesIn(GENERAL).stream()
                .filter(m -> m.user().equals(BOT_USER) && !m.fileIds().isEmpty())
                .findFirst()
                .orElseThrow();
        assertThat(restored.text())
                .isEqualTo("Restored by <@" + MODERATOR + "> after review; originally shared by <@" + POSTER + ">.");
        assertThat(workspace
                        .findFile(restored.fileIds().getFirst())
                        .orElseThrow()
                        .name())
                .isEqualTo("F0RED00001.png");
        assertThat(slack.calls("upload"))
                .singleElement()
                .satisfies(c -> assertThat(c.token()).isNull());
        assertThat(notices())
                .singleElement()
                .satisfies(n -> assertThat(n.text()).contains("*restored*", "<@" + MODERATOR + ">"));
        String dm = workspace.imWith(POSTER).orElseThrow();
        assertThat(workspace.messagesIn(dm))
                .last()
                .satisfies(m -> assertThat(m.text()).contains("was restored"));
        Workspace.Message closed =
                workspace.findMessage(MODERATORS, report.ts()).orElseThrow();
        assertThat(buttons(closed)).isEmpty();
        assertThat(closed.text()).contains("*Restored* by <@" + MODERATOR + ">");
    }

    @Test
    void aFailureReportsRetry_redrivesTheModerationFromTheStepThatFailed_onceAModeratorPressesIt() throws Exception {
        slack.script("files.delete", new SlackEmulator.Fault.SlackError("cant_delete_file"), 1);
        share("F0RED00009", Color.RED);
        await(() -> runtime.workflow().list().stream().anyMatch(e -> e.status() == Execution.Status.FAILED));
        Execution failed = runtime.workflow().list().iterator().next();
        assertThat(failed.error()).isEqualTo("dev.imagemoderation.core.errors.ModerationFailedException");
        Workspace.Message failure = workspace.messagesIn(MODERATORS).stream()
                .filter(m -> m.user().equals(BOT_USER))
                .findFirst()
                .orElseThrow();
        assertThat(failure.text()).contains("Could not moderate").contains("cant_delete_file");
        assertThat(buttons(failure)).containsExactly("retry");

        assertThat(consoleDetail(failed.name()).path("reviews").path("offered"))
                .as("the console offers Retry on a failed moderation too")
                .singleElement()
                .satisfies(o -> assertThat(o.path("action").asText()).isEqualTo("RETRY"));

        slack.events().click(MODERATORS, failure.ts(), "retry", POSTER);
        Execution refused = local.awaitReview(1);
        assertThat(refused.output().path("outcome").asText()).isNotEqualTo("DONE");
        assertThat(runtime.workflow().describe(failed.name()).status()).isEqualTo(Execution.Status.FAILED);

        slack.events().click(MODERATORS, failure.ts(), "retry", MODERATOR);
        Execution review = local.awaitReview(2);
        await(() -> runtime.workflow().describe(failed.name()).status() != Execution.Status.RUNNING);

        assertThat(review.status()).as("%s %s", review.error(), review.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        Execution moderation = runtime.workflow().describe(failed.name());
        assertThat(moderation.status())
                .as("%s %s", moderation.error(), moderation.cause())
                .isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(moderation.history()).extracting(h -> h.type()).contains("ExecutionRedriven");
        assertThat(workspace.findFile("F0RED00009").orElseThrow().isDeleted()).isTrue();
        assertThat(notices())
                .singleElement()
                .satisfies(n -> assertThat(n.text()).contains("was removed"));
        Workspace.Message closed =
                workspace.findMessage(MODERATORS, failure.ts()).orElseThrow();
        assertThat(closed.text()).contains("*Retried* by <@" + MODERATOR + ">").contains("cant_delete_file");
        assertThat(buttons(closed)).isEmpty();
        assertThat(consoleDetail(failed.name()).path("reviews").path("offered")).isEmpty();
    }

    private JsonNode consoleDetail(String execution) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        return Json.mapper()
                .readTree(http.send(
                                java.net.http.HttpRequest.newBuilder(
                                                runtime.consoleUrl().resolve("/api/executions/" + execution))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString())
                        .body());
    }

    @Test
    void aReviewRemovedByAModerator_isDeletedAndNotified_andOneAllowed_isLeftUpAndRecorded() throws Exception {
        share("F0BLUE0001", Color.BLUE);
        Workspace.Message report = reportFor("REVIEW");
        assertThat(buttons(report)).containsExactly("remove", "allow");
        assertThat(workspace.findFile("F0BLUE0001").orElseThrow().isDeleted()).isFalse();

        slack.events().click(MODERATORS, report.ts(), "remove", ADMIN);
        Execution review = local.awaitReview(1);

        assertThat(review.status()).as("%s %s", review.error(), review.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(workspace.findFile("F0BLUE0001").orElseThrow().isDeleted()).isTrue();
        assertThat(notices())
                .singleElement()
                .satisfies(n -> assertThat(n.text()).contains("was removed"));
        assertThat(s3.listObjectsV2(b -> b.bucket(LocalRuntime.BUCKET).prefix("quarantine/"))
                        .contents())
                .hasSize(1);
        assertThat(workspace.findMessage(MODERATORS, report.ts()).orElseThrow().text())
                .contains("*Removed* by <@" + ADMIN + ">");

        // Another blue picture: the very same file would now be removed on sight, its removal remembered.
        share("F0BLUE0002", Color.BLUE, 300, 200);
        Workspace.Message second = reportFor("REVIEW", 2);
        slack.events().click(MODERATORS, second.ts(), "allow", MODERATOR);
        local.awaitReview(2);

        assertThat(workspace.findFile("F0BLUE0002").orElseThrow().isDeleted()).isFalse();
        assertThat(workspace.findMessage(MODERATORS, second.ts()).orElseThrow().text())
                .contains("*Allowed* by <@" + MODERATOR + ">");
        assertThat(buttons(workspace.findMessage(MODERATORS, second.ts()).orElseThrow()))
                .isEmpty();
    }

    @Test
    void aNonModeratorIsRefused_aRepeatedClickActsOnce_andOfTwoModeratorsOneWins() throws Exception {
        share("F0RED00002", Color.RED);
        Workspace.Message report = reportFor("REMOVE");

        slack.events().click(MODERATORS, report.ts(), "restore", POSTER);
        Execution refused = local.awaitReview(1);
        assertThat(refused.status())
                .as("%s %s", refused.error(), refused.cause())
                .isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(refused.output().path("outcome").asText()).isEqualTo("REFUSED");
        assertThat(workspace.ephemeralsFor(POSTER))
                .singleElement()
                .satisfies(e -> assertThat(e.text()).startsWith("Only moderators can do this"));
        assertThat(workspace.findFile("F0RED00002").orElseThrow().isDeleted())
                .as("nothing changed")
                .isTrue();
        assertThat(buttons(workspace.findMessage(MODERATORS, report.ts()).orElseThrow()))
                .hasSize(3);

        // Both clicked before either was answered; Slack delivers the first one twice.
        var keep = slack.events().blockActions(MODERATORS, report.ts(), "keep_removed", ADMIN);
        var restore = slack.events().blockActions(MODERATORS, report.ts(), "restore", MODERATOR);
        slack.events().deliverInteraction(keep);
        local.awaitReview(2);
        slack.events().deliverInteraction(keep);
        slack.events().deliverInteraction(restore);
        Execution loser = local.awaitReview(3);
        Thread.sleep(500); // the redelivered click, had it started anything, would show by now

        assertThat(runtime.reviews().list())
                .as("the repeated click started nothing new")
                .hasSize(3);
        assertThat(loser.output().path("outcome").asText()).isEqualTo("ALREADY_HANDLED");
        assertThat(workspace.ephemeralsFor(MODERATOR))
                .singleElement()
                .satisfies(e -> assertThat(e.text()).contains("Already handled by <@" + ADMIN + ">", "*Kept removed*"));
        assertThat(slack.calls("files.getUploadURLExternal"))
                .as("the loser restored nothing")
                .isEmpty();
        assertThat(workspace.findMessage(MODERATORS, report.ts()).orElseThrow().text())
                .contains("*Kept removed* by <@" + ADMIN + ">");
    }

    @Test
    void viewLogged_showsTheModeratorAloneWhereToSeeTheOriginal_recordsWhoLooked_andDecidesNothing() throws Exception {
        share("F0RED00005", Color.RED);
        Workspace.Message report = reportFor("REMOVE");

        slack.events().click(MODERATORS, report.ts(), "view", MODERATOR);
        Execution view = local.awaitReview(1);

        assertThat(view.status()).as("%s %s", view.error(), view.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(view.output().path("outcome").asText()).isEqualTo("VIEWED");
        assertThat(view.output().path("fileIds").toString()).contains("F0RED00005");
        assertThat(Json.mapper().readTree(view.input()).path("actorId").asText())
                .isEqualTo(MODERATOR);
        String moderation = runtime.workflow().list().iterator().next().name();
        assertThat(workspace.ephemeralsFor(MODERATOR))
                .singleElement()
                .satisfies(e -> assertThat(e.text())
                        .contains("Quarantined original", "logged", "#execution/" + moderation, "F0RED00005.png"));
        assertThat(buttons(workspace.findMessage(MODERATORS, report.ts()).orElseThrow()))
                .as("a view decides nothing")
                .hasSize(3);

        slack.events().click(MODERATORS, report.ts(), "keep_removed", MODERATOR);
        assertThat(local.awaitReview(2).output().path("outcome").asText()).isEqualTo("DONE");
    }

    @Test
    void aRestoreAfterTheQuarantinedCopyExpired_saysSo_uploadsNothing_andLeavesTheReportOpen() throws Exception {
        share("F0RED00003", Color.RED);
        Workspace.Message report = reportFor("REMOVE");
        s3.listObjectsV2(b -> b.bucket(LocalRuntime.BUCKET).prefix("quarantine/"))
                .contents()
                .forEach(o -> s3.deleteObject(b -> b.bucket(LocalRuntime.BUCKET).key(o.key())));

        slack.events().click(MODERATORS, report.ts(), "restore", ADMIN);
        Execution review = local.awaitReview(1);

        assertThat(review.output().path("outcome").asText()).isEqualTo("NOT_RESTORED");
        assertThat(workspace.ephemeralsFor(ADMIN))
                .singleElement()
                .satisfies(e -> assertThat(e.text()).contains("Nothing was restored", "has expired or was deleted"));
        assertThat(slack.calls("files.getUploadURLExternal")).isEmpty();
        assertThat(buttons(workspace.findMessage(MODERATORS, report.ts()).orElseThrow()))
                .hasSize(3);

        slack.events().click(MODERATORS, report.ts(), "keep_removed", ADMIN);
        assertThat(local.awaitReview(2).output().path("outcome").asText())
                .as("the claim was given back")
                .isEqualTo("DONE");
    }

    @Test
    void thePostersAppeal_reachesTheReportsThreadOnce_howeverOftenItIsClicked_andTheDmSaysAModeratorWillLook()
            throws Exception {
        share("F0RED00004", Color.RED);
        Workspace.Message report = reportFor("REMOVE");
        String dm = workspace.imWith(POSTER).orElseThrow();
        Workspace.Message notice = workspace.messagesIn(dm).getLast();
        assertThat(buttons(notice)).containsExactly("appeal");

        var click = slack.events().blockActions(dm, notice.ts(), "appeal", POSTER);
        slack.events().deliverInteraction(click);
        Execution first = local.awaitReview(1);
        slack.events().deliverInteraction(click);
        var again = slack.events().blockActions(MODERATORS, report.ts(), "restore", ADMIN);
        Thread.sleep(500);

        assertThat(first.status()).as("%s %s", first.error(), first.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(runtime.reviews().list()).as("the repeated click acted once").hasSize(1);
        List<Workspace.Message> thread = workspace.messagesIn(MODERATORS).stream()
                .filter(m -> report.ts().equals(m.threadTs()))
                .toList();
        assertThat(thread)
                .singleElement()
                .satisfies(m -> assertThat(m.text()).contains("<@" + POSTER + "> asks for a review"));
        Workspace.Message updated = workspace.findMessage(dm, notice.ts()).orElseThrow();
        assertThat(updated.text()).contains("a moderator will look");
        assertThat(buttons(updated)).isEmpty();
        assertThat(buttons(workspace.findMessage(MODERATORS, report.ts()).orElseThrow()))
                .as("the report stays open for the moderators")
                .hasSize(3);
        assertThat(again.path("actions").get(0).path("action_id").asText()).isEqualTo("restore");

        // A click on the poster's button by anyone else (a forwarded DM, a forged payload signed with a leaked secret).
        var someoneElse = click.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) someoneElse.path("user")).put("id", MODERATOR);
        slack.events().deliverInteraction(someoneElse);
        Execution refused = local.awaitReview(2);
        assertThat(refused.output().path("outcome").asText()).isEqualTo("REFUSED");
        assertThat(refused.output().path("reason").asText()).isEqualTo("not the poster of the image");
        // The answer goes to the copied click's response_url, which Slack made for the DM it came from.
        assertThat(workspace.ephemeralsFor(POSTER))
                .anySatisfy(e -> assertThat(e.text()).startsWith("Only the person who shared the image"));
        assertThat(workspace.messagesIn(MODERATORS).stream()
                        .filter(m -> report.ts().equals(m.threadTs())))
                .hasSize(1);
    }

    @Test
    void aModeratorInTheConsole_restoresThroughTheSameWorkflow_namedAndEscaped_andBadRequestsAreRefused()
            throws Exception {
        share("F0RED00006", Color.RED);
        Workspace.Message report = reportFor("REMOVE");
        String moderation = runtime.workflow().list().iterator().next().name();
        var http = java.net.http.HttpClient.newHttpClient();
        String token = Json.mapper()
                .readTree(http.send(
                                java.net.http.HttpRequest.newBuilder(
                                                runtime.consoleUrl().resolve("/api/info"))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString())
                        .body())
                .path("token")
                .asText();
        java.util.function.Function<String, java.net.http.HttpResponse<String>> decide = body -> {
            try {
                return http.send(
                        java.net.http.HttpRequest.newBuilder(
                                        runtime.consoleUrl().resolve("/api/executions/" + moderation + "/review"))
                                .header("Content-Type", "application/json")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };

        assertThat(decide.apply("{\"token\":\"" + token + "\",\"action\":\"RESTORE\",\"moderator\":\" \"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(decide.apply("{\"token\":\"" + token + "\",\"action\":\"ALLOW\",\"moderator\":\"alex\"}")
                        .statusCode())
                .as("a removal's report offers no Allow")
                .isEqualTo(409);
        assertThat(decide.apply("{\"token\":\"wrong\",\"action\":\"RESTORE\",\"moderator\":\"alex\"}")
                        .statusCode())
                .isEqualTo(403);
        var accepted = decide.apply("{\"token\":\"" + token + "\",\"action\":\"RESTORE\",\"moderator\":\"alex <b>\"}");
        Execution review = local.awaitReview(1);

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(review.status()).as("%s %s", review.error(), review.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(review.output().path("outcome").asText()).isEqualTo("DONE");
        assertThat(Json.mapper().readTree(review.input()).path("via").asText()).isEqualTo("console");
        assertThat(workspace.messagesIn(GENERAL))
                .filteredOn(m -> m.user().equals(BOT_USER) && !m.fileIds().isEmpty())
                .singleElement()
                .satisfies(m ->
                        assertThat(m.text()).startsWith("Restored by *alex &lt;b&gt;* (local console) after review"));
        assertThat(workspace.findMessage(MODERATORS, report.ts()).orElseThrow().text())
                .contains("*Restored* by *alex &lt;b&gt;* (local console)");
        JsonNode detail = Json.mapper()
                .readTree(http.send(
                                java.net.http.HttpRequest.newBuilder(
                                                runtime.consoleUrl().resolve("/api/executions/" + moderation))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString())
                        .body());
        assertThat(detail.path("reviews").path("offered"))
                .as("decided: nothing left to offer")
                .isEmpty();
        assertThat(detail.path("reviews").path("taken")).singleElement().satisfies(t -> {
            assertThat(t.path("actor").asText()).isEqualTo("alex <b>");
            assertThat(t.path("outcome").asText()).isEqualTo("DONE");
        });
    }

    @Test
    void aForgedStaleOrOversizedClick_isRefusedAtTheInteractivityUrl_likeAnEvent_andStartsNothing() throws Exception {
        share("F0RED00007", Color.RED);
        Workspace.Message report = reportFor("REMOVE");
        byte[] form = ("payload="
                        + java.net.URLEncoder.encode(
                                slack.events()
                                        .blockActions(MODERATORS, report.ts(), "restore", ADMIN)
                                        .toString(),
                                java.nio.charset.StandardCharsets.UTF_8))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var http = java.net.http.HttpClient.newHttpClient();
        java.util.function.BiFunction<byte[], dev.imagemoderation.testkit.slack.SignedRequestBuilder, Integer> post =
                (body, signed) -> {
                    var r = signed.build();
                    var b = java.net.http.HttpRequest.newBuilder(runtime.slackInteractionsUrl())
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(r.body()));
                    r.headers().forEach(b::header);
                    try {
                        return http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                };

        int forged = post.apply(
                form,
                dev.imagemoderation.testkit.slack.SignedRequestBuilder.body(form)
                        .secret("guessed"));
        int stale = post.apply(
                form,
                dev.imagemoderation.testkit.slack.SignedRequestBuilder.body(form)
                        .secret(JudgedLocalMode.SIGNING_SECRET)
                        .timestamp(Instant.now().minusSeconds(3600)));
        byte[] huge = new byte[1024 * 1024 + 1];
        int oversized = post.apply(
                huge,
                dev.imagemoderation.testkit.slack.SignedRequestBuilder.body(huge)
                        .secret(JudgedLocalMode.SIGNING_SECRET));
        Thread.sleep(500);

        assertThat(List.of(forged, stale, oversized)).containsExactly(401, 401, 413);
        assertThat(runtime.reviews().list()).isEmpty();
    }

    private void share(String fileId, Color colour) {
        share(fileId, colour, 320, 240);
    }

    private void share(String fileId, Color colour, int width, int height) {
        workspace.file(
                fileId,
                fileId + ".png",
                "image/png",
                "png",
                POSTER,
                TestImages.encode(TestImages.solid(width, height, colour), "png"),
                width,
                height);
        slack.shareFiles(GENERAL, POSTER, "", fileId);
    }

    private Workspace.Message reportFor(String verdict) throws InterruptedException {
        return reportFor(verdict, 1);
    }

    /** The {@code n}th report in the moderators' channel, once its moderation finished with {@code verdict}. */
    private Workspace.Message reportFor(String verdict, int n) throws InterruptedException {
        await(() -> runtime.workflow().list().size() >= n
                && runtime.workflow().list().stream().noneMatch(e -> e.status() == Execution.Status.RUNNING));
        assertThat(runtime.workflow().list())
                .allSatisfy(e ->
                        assertThat(e.status()).as("%s %s", e.error(), e.cause()).isEqualTo(Execution.Status.SUCCEEDED));
        List<Workspace.Message> reports = workspace.messagesIn(MODERATORS).stream()
                .filter(m -> m.user().equals(BOT_USER))
                .toList();
        assertThat(reports).hasSizeGreaterThanOrEqualTo(n);
        Workspace.Message report = reports.get(n - 1);
        assertThat(report.text()).contains(verdict.equals("REMOVE") ? "*Removed*" : "*Needs review*");
        return report;
    }

    private List<Workspace.Message> notices() {
        return workspace.messagesIn(GENERAL).stream()
                .filter(m -> m.user().equals(BOT_USER) && m.fileIds().isEmpty())
                .toList();
    }

    private static List<String> buttons(Workspace.Message m) throws Exception {
        if (m.blocks() == null) {
            return List.of();
        }
        JsonNode blocks = Json.mapper().readTree(m.blocks());
        return blocks.findValues("action_id").stream().map(JsonNode::asText).toList();
    }
}

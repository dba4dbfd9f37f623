package dev.imagemoderation.slackactions;

import static dev.imagemoderation.slackemulator.SampleWorkspace.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.model.Message;
import dev.imagemoderation.core.errors.SlackActionFailedException;
import dev.imagemoderation.core.errors.SlackRateLimitedException;
import dev.imagemoderation.core.errors.SlackUnavailableException;
import dev.imagemoderation.core.metrics.ModerationMetrics;
import dev.imagemoderation.core.moderation.Action;
import dev.imagemoderation.core.moderation.FiredRule;
import dev.imagemoderation.core.moderation.NoticeTexts;
import dev.imagemoderation.core.moderation.Policy;
import dev.imagemoderation.core.moderation.PolicyLoader;
import dev.imagemoderation.core.moderation.Verdict;
import dev.imagemoderation.core.request.ModerationRequest;
import dev.imagemoderation.core.slack.HostAllowlist;
import dev.imagemoderation.core.slack.RemoteImage;
import dev.imagemoderation.core.slack.SlackFile;
import dev.imagemoderation.core.workflow.Attempt;
import dev.imagemoderation.core.workflow.FailureReport;
import dev.imagemoderation.core.workflow.FileScan;
import dev.imagemoderation.core.workflow.ImageFetch;
import dev.imagemoderation.slack.SlackApi;
import dev.imagemoderation.slackemulator.SampleWorkspace;
import dev.imagemoderation.slackemulator.SlackEmulator;
import dev.imagemoderation.slackemulator.Workspace;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Slack actions through the official Slack client against the Slack Web API emulator. */
class SlackActionsIntegrationTest {

    private static final Verdict REMOVE = new Verdict(
            Action.REMOVE,
            "Explicit",
            List.of(new FiredRule(
                    "Exposed Female Nipple", "Explicit Nudity", 95.2f, Action.REMOVE, 80f, "Explicit", "policy")),
            "default@0123456789ab",
            "rekognition 7.0");
    private static final Verdict ALLOW =
            new Verdict(Action.ALLOW, null, List.of(), "default@0123456789ab", "rekognition 7.0");

    private final Workspace workspace = SampleWorkspace.create();
    private final SlackEmulator slack = SlackEmulator.start(workspace);
    private final SlackApi api = new SlackApi(slack.apiUrl(), HostAllowlist.slackPlus(Set.of(slack.host())));

    @AfterEach
    void stop() {
        slack.close();
    }

    private SlackActions actions(String adminToken, Policy policy) {
        return new SlackActions(
                new FileRemover(api, () -> adminToken, () -> BOT_TOKEN, policy.deleteMessage()),
                new Notifier(api, () -> BOT_TOKEN, MODERATORS, new NoticeTexts(policy)));
    }

    private SlackActions actions() {
        return actions(ADMIN_TOKEN, PolicyLoader.preset("default"));
    }

    private Workspace.Message share(String fileId, String channel) {
        workspace
                .file(fileId, fileId + ".png", "image/png", "png", POSTER, new byte[] {1, 2, 3}, 100, 100)
                .sharedIn(channel);
        return workspace.post(channel, POSTER, "", null, fileId);
    }

    private static ModerationRequest request(Workspace.Message m, String threadTs) {
        return new ModerationRequest(
                1,
                "Ev1",
                TEAM,
                null,
                m.channel(),
                "channel",
                POSTER,
                m.ts(),
                threadTs,
                Instant.parse("2026-11-25T12:00:00Z"),
                List.of());
    }

    private static FileScan scan(ModerationRequest r, String fileId, Verdict v) {
        var file = new SlackFile(
                fileId, fileId + ".png", "image/png", "png", 3L, "hosted", "visible", null, 100, 100, null);
        var image = new ImageFetch(
                ImageFetch.Status.FETCHED,
                null,
                null,
                "original",
                "incoming/k",
                List.of("incoming/k"),
                "abc",
                "image/png",
                100,
                100,
                1,
                null,
                1,
                null,
                null);
        return new FileScan(r, file, image, null, v);
    }

    @Test
    void remove_withAdminToken_deletesOnlyTheRemovedFile() {
        var m = share("F0BAD00001", GENERAL);
        share("F0FINE0001", GENERAL);
        var r = request(m, null);

        var result =
                actions().remover().remove(r, List.of(scan(r, "F0BAD00001", REMOVE), scan(r, "F0FINE0001", ALLOW)));

        assertThat(result.removed()).containsExactly("F0BAD00001");
        assertThat(workspace.findFile("F0BAD00001").orElseThrow().isDeleted()).isTrue();
        assertThat(workspace.findFile("F0FINE0001").orElseThrow().isDeleted()).isFalse();
        assertThat(slack.calls("files.delete"))
                .singleElement()
                .satisfies(c -> assertThat(c.token()).isEqualTo(ADMIN_TOKEN));
        assertThat(m.isDeleted()).isFalse();
    }

    @Test
    void remove_withBotTokenInsteadOfAdmin_failsWithCantDeleteFile_andFileStaysUp() {
        // Even with files:write, a bot may delete only the files it uploaded itself.
        workspace.token("emulator-bot-token-with-files-write", BOT_USER, "files:read", "files:write", "chat:write");
        var m = share("F0BAD00002", GENERAL);
        var r = request(m, null);

        assertThatThrownBy(() -> actions("emulator-bot-token-with-files-write", PolicyLoader.preset("default"))
                        .remover()
                        .remove(r, List.of(scan(r, "F0BAD00002", REMOVE))))
                .isInstanceOf(SlackActionFailedException.class)
                .hasMessageContaining("Manual removal needed")
                .hasMessageContaining("cant_delete_file")
                .hasMessageNotContaining("emulator-bot-token-with-files-write");
        assertThat(workspace.findFile("F0BAD00002").orElseThrow().isDeleted()).isFalse();
    }

    @Test
    void remove_fileAlreadyDeleted_isSuccess() {
        var m = share("F0BAD00003", GENERAL);
        var r = request(m, null);
        var actions = actions();
        actions.remover().remove(r, List.of(scan(r, "F0BAD00003", REMOVE)));

        var again = actions.remover().remove(r, List.of(scan(r, "F0BAD00003", REMOVE)));

        assertThat(again.alreadyGone()).containsExactly("F0BAD00003");
        assertThat(again.removed()).isEmpty();
    }

    /** Records the figures the Slack actions report, as CloudWatch would receive them. */
    private static final class RecordedMetrics implements ModerationMetrics {
        final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void imageDecided(Action verdict) {
            events.add("image " + verdict);
        }

        @Override
        public void filesRemoved(int count, java.time.Duration sinceReceived) {
            events.add("removed " + count + (sinceReceived.isNegative() ? " negative" : ""));
        }

        @Override
        public void removalFailed() {
            events.add("removal failed");
        }

        @Override
        public void moderationFailed(String state) {
            events.add("failed " + state);
        }
    }

    @Test
    void remove_reportsRemovalsAndFailedRemovals_asTheProductsFigures() {
        RecordedMetrics metrics = new RecordedMetrics();
        FileRemover remover =
                new FileRemover(api, () -> ADMIN_TOKEN, () -> BOT_TOKEN, false, metrics, java.time.Clock.systemUTC());
        var ok = share("F0BAD00018", GENERAL);
        var r = request(ok, null);
        remover.remove(r, List.of(scan(r, "F0BAD00018", REMOVE)));
        workspace.channel("G0HIDDEN02", "hidden", true, POSTER);
        var hidden = share("F0BAD00019", "G0HIDDEN02");
        var h = request(hidden, null);

        assertThatThrownBy(() -> remover.remove(h, List.of(scan(h, "F0BAD00019", REMOVE))))
                .isInstanceOf(SlackActionFailedException.class);

        assertThat(metrics.events).containsExactly("removed 1", "removed 0", "removal failed");
    }

    @Test
    void aTokenNoHeaderCanCarry_failsTheCall_withoutTheTokenInAnyMessage() {
        var m = share("F0BAD00020", GENERAL);
        var r = request(m, null);
        Notifier notifier = new Notifier(
                api,
                () -> "emulator-bot\r\nX-Injected: 1",
                MODERATORS,
                new NoticeTexts(PolicyLoader.preset("default")));

        assertThatThrownBy(() -> notifier.notifyChannel(r, List.of(scan(r, "F0BAD00020", REMOVE)), Attempt.UNKNOWN))
                .isInstanceOf(SlackActionFailedException.class)
                .hasMessageContaining("not a valid HTTP header value")
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain("emulator-bot");
                    }
                });
        assertThat(workspace.messagesIn(GENERAL)).noneMatch(x -> x.user().equals(BOT_USER));
    }

    @Test
    void remove_aChannelNeitherTokenCanSee_isReportedForManualRemoval_notCountedAsGone() {
        workspace.channel("G0HIDDEN01", "hidden", true, POSTER);
        var m = share("F0BAD00009", "G0HIDDEN01");
        var r = request(m, null);

        assertThatThrownBy(() -> actions().remover().remove(r, List.of(scan(r, "F0BAD00009", REMOVE))))
                .isInstanceOf(SlackActionFailedException.class)
                .hasMessageContaining("Manual removal needed")
                .hasMessageContaining("may still be up")
                .hasMessageContaining("G0HIDDEN01");
        assertThat(workspace.findFile("F0BAD00009").orElseThrow().isDeleted()).isFalse();
    }

    @Test
    void remove_privateChannelTheAdminIsNotIn_fileStillPresent_isFailure() {
        var m = share("F0BAD00004", SECRET_CHANNEL);
        var r = request(m, null);

        assertThatThrownBy(() -> actions().remover().remove(r, List.of(scan(r, "F0BAD00004", REMOVE))))
                .isInstanceOf(SlackActionFailedException.class)
                .hasMessageContaining("still up")
                .hasMessageContaining(SECRET_CHANNEL);
        assertThat(slack.calls("files.info"))
                .singleElement()
                .satisfies(c -> assertThat(c.token()).isEqualTo(BOT_TOKEN));
        assertThat(workspace.findFile("F0BAD00004").orElseThrow().isDeleted()).isFalse();
    }

    @Test
    void remove_adminTokenWithoutFilesWrite_failsNamingNeededAndProvidedScopes() {
        workspace.token("emulator-admin-token-without-files-write", ADMIN, "chat:write");
        var m = share("F0BAD00005", GENERAL);
        var r = request(m, null);

        assertThatThrownBy(() -> actions("emulator-admin-token-without-files-write", PolicyLoader.preset("default"))
                        .remover()
                        .remove(r, List.of(scan(r, "F0BAD00005", REMOVE))))
                .hasMessageContaining("missing_scope (needed: files:write; provided: chat:write)");
    }

    @Test
    void remove_revokedToken_failsWithInvalidAuth() {
        var m = share("F0BAD00006", GENERAL);
        var r = request(m, null);
        workspace.revoke(ADMIN_TOKEN);

        assertThatThrownBy(() -> actions().remover().remove(r, List.of(scan(r, "F0BAD00006", REMOVE))))
                .isInstanceOf(SlackActionFailedException.class)
                .hasMessageContaining("invalid_auth");
    }

    @Test
    void remove_slack429_raisesRateLimitedWithRetryAfter_thenSucceedsOnNextCall() {
        var m = share("F0BAD00007", GENERAL);
        var r = request(m, null);
        slack.script("files.delete", new SlackEmulator.Fault.RateLimited(7), 1);
        var remover = actions().remover();

        assertThatThrownBy(() -> remover.remove(r, List.of(scan(r, "F0BAD00007", REMOVE))))
                .isInstanceOfSatisfying(SlackRateLimitedException.class, e -> {
                    assertThat(e.retryAfterSeconds()).isEqualTo(7);
                    assertThat(e.getMessage()).isEqualTo("7");
                });
        assertThat(remover.remove(r, List.of(scan(r, "F0BAD00007", REMOVE))).removed())
                .containsExactly("F0BAD00007");
    }

    @Test
    void remove_slack5xxOrInternalError_isRetryableUnavailable() {
        var m = share("F0BAD00008", GENERAL);
        var r = request(m, null);
        slack.script("files.delete", new SlackEmulator.Fault.HttpError(503), 1);
        slack.script("files.delete", new SlackEmulator.Fault.SlackError("internal_error"), 1);
        var remover = actions().remover();

        assertThatThrownBy(() -> remover.remove(r, List.of(scan(r, "F0BAD00008", REMOVE))))
                .isInstanceOf(SlackUnavailableException.class)
                .hasMessageContaining("503");
        assertThatThrownBy(() -> remover.remove(r, List.of(scan(r, "F0BAD00008", REMOVE))))
                .isInstanceOf(SlackUnavailableException.class)
                .hasMessageContaining("internal_error");
    }

    @Test
    void remove_policyDeletingMessages_alsoDeletesTheMessage() {
        var policy = PolicyLoader.parse(
                "taxonomyVersion: 7\nthresholds:\n  Explicit: {remove: 80}\nremoval:\n  deleteMessage: true\n", "t");
        var m = share("F0BAD00009", GENERAL);
        var r = request(m, null);

        var result = actions(ADMIN_TOKEN, policy).remover().remove(r, List.of(scan(r, "F0BAD00009", REMOVE)));

        assertThat(result.messageDeleted()).isTrue();
        assertThat(m.isDeleted()).isTrue();
    }

    private static FileScan remoteScan(ModerationRequest r, String url, Verdict v) {
        var image =
                RemoteImage.of(r.channelId(), r.messageTs(), url, RemoteImage.Origin.LINK_PREVIEW, 100, 100, 3L, null);
        FileScan base = scan(r, "F0UNUSED01", v);
        return new FileScan(r, image, base.image(), null, v);
    }

    @Test
    void remove_aRemoteImage_deletesItsMessageWithTheAdminToken_andTheNoticesSaySo() {
        var m = workspace.post(GENERAL, POSTER, "<https://img.example/a.png>", null);
        var r = request(m, null);
        List<FileScan> scans = List.of(remoteScan(r, "https://img.example/a.png", REMOVE));

        var result = actions().remover().remove(r, scans);
        var notice = actions().notifier().notifyChannel(r, scans, Attempt.UNKNOWN);

        assertThat(result.messageDeleted()).isTrue();
        assertThat(result.removed()).containsExactly(scans.getFirst().file().id());
        assertThat(m.isDeleted()).isTrue();
        assertThat(slack.calls("chat.delete"))
                .singleElement()
                .satisfies(c -> assertThat(c.token()).isEqualTo(ADMIN_TOKEN));
        assertThat(slack.calls("files.delete")).isEmpty();
        assertThat(notice.sent()).isTrue();
        assertThat(slack.calls("chat.postMessage").getFirst().param("text"))
                .contains("The message was deleted with it")
                .doesNotContain("img.example");
    }

    @Test
    void remove_aRemoteImageWhoseMessageSlackWillNotDelete_failsForManualRemoval() {
        var m = workspace.post(GENERAL, POSTER, "<https://img.example/b.png>", null);
        var r = request(m, null);
        slack.script("chat.delete", new SlackEmulator.Fault.SlackError("cant_delete_message"), 1);

        assertThatThrownBy(() ->
                        actions().remover().remove(r, List.of(remoteScan(r, "https://img.example/b.png", REMOVE))))
                .isInstanceOf(SlackActionFailedException.class)
                .hasMessageContaining("Manual removal needed")
                .hasMessageContaining("it shows 1 remote image(s)")
                .hasMessageContaining("cant_delete_message");
        assertThat(m.isDeleted()).isFalse();
    }

    @Test
    void notifyChannel_postsOneNoticeInTheThread_namingCategory_withoutTheImage() {
        var m = share("F0BAD00010", GENERAL);
        var r = request(m, "1732539000.000100");

        var posted = actions().notifier().notifyChannel(r, List.of(scan(r, "F0BAD00010", REMOVE)), Attempt.UNKNOWN);

        assertThat(posted.sent()).isTrue();
        var call = slack.calls("chat.postMessage").getFirst();
        assertThat(call.token()).isEqualTo(BOT_TOKEN);
        assertThat(call.param("channel")).isEqualTo(GENERAL);
        assertThat(call.param("thread_ts")).isEqualTo("1732539000.000100");
        assertThat(call.param("text"))
                .contains("<@" + POSTER + ">")
                .contains("*Explicit*")
                .doesNotContain("F0BAD00010")
                .doesNotContain("http");
    }

    @Test
    void notifyPoster_opensADirectMessage_withReasonAndAppeal() {
        var m = share("F0BAD00011", GENERAL);
        var r = request(m, null);

        var posted = actions().notifier().notifyPoster(r, List.of(scan(r, "F0BAD00011", REMOVE)));

        assertThat(posted.sent()).isTrue();
        assertThat(slack.calls("conversations.open").getFirst().param("users")).isEqualTo(POSTER);
        String dm = workspace.imWith(POSTER).orElseThrow();
        assertThat(workspace.messagesIn(dm))
                .singleElement()
                .satisfies(msg -> assertThat(msg.text())
                        .contains("<#" + GENERAL + ">")
                        .contains("Explicit")
                        .contains("mistake"));
    }

    @Test
    void notifyPoster_remembersTheDmChannel_andOpensItAgainWhenSlackRefusesTheRememberedOne() {
        var notifier = actions().notifier();
        var first = request(share("F0BAD00021", GENERAL), null);
        var second = request(share("F0BAD00022", GENERAL), null);
        var third = request(share("F0BAD00023", GENERAL), null);

        notifier.notifyPoster(first, List.of(scan(first, "F0BAD00021", REMOVE)));
        notifier.notifyPoster(second, List.of(scan(second, "F0BAD00022", REMOVE)));
        assertThat(slack.calls("conversations.open")).hasSize(1);

        slack.script("chat.postMessage", new SlackEmulator.Fault.SlackError("channel_not_found"), 1);
        var posted = notifier.notifyPoster(third, List.of(scan(third, "F0BAD00023", REMOVE)));

        assertThat(posted.sent()).isTrue();
        assertThat(slack.calls("conversations.open")).hasSize(2);
        assertThat(workspace.messagesIn(workspace.imWith(POSTER).orElseThrow())).hasSize(3);
    }

    @Test
    void notifyPoster_botPoster_isSkippedVisibly() {
        var m = share("F0BAD00012", GENERAL);
        var r = new ModerationRequest(
                1, "Ev1", TEAM, null, GENERAL, "channel", "B0OTHERBOT", m.ts(), null, Instant.now(), List.of());

        var posted = actions().notifier().notifyPoster(r, List.of());

        assertThat(posted.sent()).isFalse();
        assertThat(posted.skippedBecause()).contains("B0OTHERBOT");
        assertThat(slack.calls()).isEmpty();
    }

    @Test
    void reportToModerators_isBlockKit_withTheButtons_aPermalink_andOnAwsTheExecutionsConsolePage() throws Exception {
        var m = share("F0BAD00014", GENERAL);
        var r = request(m, null);
        String arn = "arn:aws:states:us-east-1:123456789012:execution:Moderation:T0MODTEAM1-Ev1";

        actions()
                .notifier()
                .reportToModerators(
                        r,
                        Action.REMOVE,
                        List.of(scan(r, "F0BAD00014", REMOVE)),
                        "T0MODTEAM1-Ev1",
                        arn,
                        Attempt.UNKNOWN);

        var report = workspace.messagesIn(MODERATORS).getFirst();
        var blocks = dev.imagemoderation.core.json.Json.mapper().readTree(report.blocks());
        assertThat(blocks.findValues("action_id"))
                .extracting(com.fasterxml.jackson.databind.JsonNode::asText)
                .containsExactly("view", "restore", "keep_removed");
        assertThat(blocks.findValues("value"))
                .extracting(com.fasterxml.jackson.databind.JsonNode::asText)
                .containsOnly("T0MODTEAM1-Ev1");
        assertThat(blocks.toString())
                .contains("https://emulated.slack.test/archives/" + GENERAL + "/p" + m.ts().replace(".", ""))
                .contains(
                        "https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1#/v2/executions/details/"
                                + arn);
        assertThat(report.text()).as("the notification fallback").contains("*Removed*", "F0BAD00014");
    }

    @Test
    void reportToModerators_listsLabelsConfidencesThresholdsAndExecution() {
        var m = share("F0BAD00013", GENERAL);
        var r = request(m, null);

        actions()
                .notifier()
                .reportToModerators(
                        r, Action.REMOVE, List.of(scan(r, "F0BAD00013", REMOVE)), "T0MODTEAM1-Ev1", Attempt.UNKNOWN);

        assertThat(workspace.messagesIn(MODERATORS))
                .singleElement()
                .satisfies(msg -> assertThat(msg.text())
                        .contains("*Removed*")
                        .contains("F0BAD00013")
                        .contains("Exposed Female Nipple 95.2% ≥ remove 80")
                        .contains("threshold of Explicit")
                        .contains("T0MODTEAM1-Ev1")
                        .contains("default@0123456789ab"));
    }

    @Test
    void reportFailure_quotesTheLambdaErrorMessage_notTheStackTrace() {
        var m = share("F0BAD00014", GENERAL);
        var r = request(m, null);
        String cause =
                "{\"errorMessage\":\"Manual removal needed in <#C0GENERAL1>: file F0BAD00014: files.delete: cant_delete_file\","
                        + "\"errorType\":\"dev.imagemoderation.core.errors.SlackActionFailedException\",\"stackTrace\":[\"at x.y(Z.java:1)\"]}";

        actions()
                .notifier()
                .reportFailure(new FailureReport(
                        r,
                        "RemoveFiles",
                        "dev.imagemoderation.core.errors.SlackActionFailedException",
                        cause,
                        "T0MODTEAM1-Ev1",
                        null,
                        0,
                        0));

        assertThat(workspace.messagesIn(MODERATORS))
                .singleElement()
                .satisfies(msg -> assertThat(msg.text())
                        .contains("Could not moderate")
                        .contains("`RemoveFiles`")
                        .contains("`SlackActionFailedException`")
                        .contains("cant_delete_file")
                        .doesNotContain("stackTrace")
                        .doesNotContain("Z.java"));
    }

    @Test
    void notices_postedAgainByARetriedOrRedrivenTask_appearOnlyOnce_andAFirstTryReadsNoHistory() {
        var m = share("F0BAD00015", GENERAL);
        var inChannel = request(m, null);
        var inThread = request(m, "1732539000.000100");
        var notifier = actions().notifier();
        var scans = List.of(scan(inChannel, "F0BAD00015", REMOVE));

        Attempt firstTry = new Attempt(null, 0, 0);
        Attempt retry = new Attempt(null, 1, 0);
        Attempt afterRedrive = new Attempt(null, 0, 1);
        var first = notifier.notifyChannel(inChannel, scans, firstTry);
        var again = notifier.notifyChannel(inChannel, scans, retry);
        notifier.notifyChannel(inThread, scans, firstTry);
        notifier.notifyChannel(inThread, scans, afterRedrive);
        notifier.reportToModerators(inChannel, Action.REMOVE, scans, "T0MODTEAM1-Ev1", firstTry);
        notifier.reportToModerators(inChannel, Action.REMOVE, scans, "T0MODTEAM1-Ev1", Attempt.UNKNOWN);

        // A first try cannot have posted before: it does not read the history; a later try does.
        assertThat(slack.calls("conversations.history")).hasSize(2);
        assertThat(slack.calls("conversations.replies")).hasSize(1);
        assertThat(again.ts()).isEqualTo(first.ts());
        assertThat(workspace.messagesIn(GENERAL))
                .filteredOn(x -> x.user().equals(BOT_USER))
                .hasSize(2); // channel + thread
        assertThat(workspace.messagesIn(MODERATORS)).hasSize(1);
        assertThat(slack.calls("chat.postMessage")).hasSize(3);
        assertThat(workspace.messagesIn(MODERATORS).getFirst().metadata())
                .contains("image_moderation")
                .contains("Ev1");
    }

    @Test
    void notice_retriedInABusyThread_isFoundPastTheFirstPage_andNotPostedTwice() {
        var m = share("F0BAD00016", GENERAL);
        var inThread = request(m, m.ts());
        var scans = List.of(scan(inThread, "F0BAD00016", REMOVE));
        for (int i = 0; i < 250; i++) {
            workspace.post(GENERAL, POSTER, "reply " + i, m.ts());
        }
        var notifier = actions().notifier();

        var first = notifier.notifyChannel(inThread, scans, new Attempt(null, 0, 0));
        var again = notifier.notifyChannel(inThread, scans, new Attempt(null, 1, 0));

        assertThat(again.ts()).isEqualTo(first.ts());
        assertThat(workspace.messagesIn(GENERAL))
                .filteredOn(x -> x.user().equals(BOT_USER))
                .hasSize(1);
        assertThat(slack.calls("conversations.replies")).hasSizeGreaterThan(1); // it paged
    }

    @Test
    void notice_anotherAppsMessageWithTheSameMetadata_doesNotSuppressOurs() {
        workspace
                .user("U0OTHERBOT", "other-app", Workspace.Role.MEMBER)
                .bot("U0OTHERBOT", "B0OTHERBOT")
                .token("emulator-other-bot", "U0OTHERBOT", "chat:write")
                .channel(GENERAL, "general", false, ADMIN, POSTER, BOT_USER, "U0OTHERBOT");
        var m = share("F0BAD00017", GENERAL);
        var r = request(m, null);
        var forged = api.call(
                "chat.postMessage",
                () -> "emulator-other-bot",
                x -> x.chatPostMessage(b -> b.channel(GENERAL)
                        .text("nothing to see")
                        .metadata(Message.Metadata.builder()
                                .eventType("image_moderation")
                                .eventPayload(Map.of("event_id", "Ev1", "message", "notice"))
                                .build())));
        assertThat(forged.isOk()).as(forged.getError()).isTrue();

        actions().notifier().notifyChannel(r, List.of(scan(r, "F0BAD00017", REMOVE)), new Attempt(null, 1, 0));

        assertThat(workspace.messagesIn(GENERAL))
                .filteredOn(x -> x.user().equals(BOT_USER))
                .singleElement()
                .satisfies(x -> assertThat(x.text()).contains("removed"));
    }

    @Test
    void slackApi_baseUrlOffTheAllowlist_isRefusedBeforeAnyTokenIsSent() {
        assertThatThrownBy(() -> new SlackApi("https://slack.example.org/api/", HostAllowlist.slackPlus(Set.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allowlist");
    }
}

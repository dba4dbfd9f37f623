package dev.imagemoderation.slackemulator;

import static dev.imagemoderation.slackemulator.SampleWorkspace.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The emulator's own semantics, through the official Slack client: the tests of everything else rely on them. */
class SlackEmulatorTest {

    private final Workspace workspace = SampleWorkspace.create();
    private final SlackEmulator slack = SlackEmulator.start(workspace);

    @AfterEach
    void stop() {
        slack.close();
    }

    private MethodsClient client(String token) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(slack.apiUrl());
        return Slack.getInstance(config).methods(token);
    }

    @Test
    void authTest_identifiesTheBot_andReportsGrantedScopesInTheHeader() throws Exception {
        var r = client(BOT_TOKEN).authTest(b -> b);

        assertThat(r.isOk()).isTrue();
        assertThat(r.getBotId()).isEqualTo(BOT_ID);
        assertThat(r.getHttpResponseHeaders().get("x-oauth-scopes").getFirst())
                .contains("files:read")
                .contains("chat:write");
        assertThat(client("emulator-unknown-token").authTest(b -> b).getError()).isEqualTo("invalid_auth");
    }

    @Test
    void filesDelete_followsSlacksPermissionRules() throws Exception {
        workspace
                .file("F1", "a.png", "image/png", "png", POSTER, new byte[] {1}, 10, 10)
                .sharedIn(GENERAL);
        workspace.token("emulator-bot-token-with-files-write", BOT_USER, "files:read", "files:write");

        assertThat(client("emulator-bot-token-with-files-write")
                        .filesDelete(b -> b.file("F1"))
                        .getError())
                .isEqualTo("cant_delete_file");
        workspace.token("emulator-read-only-token", BOT_USER, "files:read");
        assertThat(client("emulator-read-only-token")
                        .filesDelete(b -> b.file("F1"))
                        .getError())
                .isEqualTo("missing_scope");
        assertThat(client(ADMIN_TOKEN).filesDelete(b -> b.file("F1")).isOk()).isTrue();
        assertThat(client(ADMIN_TOKEN).filesDelete(b -> b.file("F1")).getError())
                .isEqualTo("file_deleted");
    }

    @Test
    void chatUpdate_changesOnlyTheAuthorsMessage_andKeepsItsBlocks() throws Exception {
        String blocks = "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*hi*\"}}]";
        var posted = client(BOT_TOKEN)
                .chatPostMessage(b -> b.channel(MODERATORS).text("hi").blocksAsString(blocks));
        var poster = workspace.post(GENERAL, POSTER, "mine", null);

        var updated = client(BOT_TOKEN)
                .chatUpdate(b ->
                        b.channel(MODERATORS).ts(posted.getTs()).text("done").blocksAsString("[]"));

        assertThat(updated.isOk()).isTrue();
        var m = workspace.findMessage(MODERATORS, posted.getTs()).orElseThrow();
        assertThat(m.text()).isEqualTo("done");
        assertThat(m.blocks()).isEqualTo("[]");
        assertThat(m.editedTs()).isNotNull();
        assertThat(client(ADMIN_TOKEN)
                        .chatUpdate(b -> b.channel(GENERAL).ts(poster.ts()).text("x"))
                        .getError())
                .as("not even an admin may edit another's message")
                .isEqualTo("cant_update_message");
        assertThat(client(BOT_TOKEN)
                        .chatUpdate(b -> b.channel(MODERATORS).ts("1.2").text("x"))
                        .getError())
                .isEqualTo("message_not_found");
        assertThat(client(BOT_TOKEN)
                        .chatPostMessage(b -> b.channel(MODERATORS).text("x").blocksAsString("{"))
                        .getError())
                .isEqualTo("invalid_blocks");
    }

    @Test
    void ephemeralsPermalinksAndMembers_followSlacksRules() throws Exception {
        var e = client(BOT_TOKEN)
                .chatPostEphemeral(b -> b.channel(MODERATORS).user(ADMIN).text("only you"));
        var posted = workspace.post(GENERAL, POSTER, "a message", null);
        var reply = workspace.post(GENERAL, POSTER, "a reply", posted.ts());

        assertThat(e.isOk()).isTrue();
        assertThat(workspace.ephemeralsFor(ADMIN))
                .singleElement()
                .satisfies(x -> assertThat(x.text()).isEqualTo("only you"));
        assertThat(client(BOT_TOKEN)
                        .chatPostEphemeral(
                                b -> b.channel(MODERATORS).user(POSTER).text("x"))
                        .getError())
                .isEqualTo("user_not_in_channel");
        assertThat(client(BOT_TOKEN)
                        .chatGetPermalink(b -> b.channel(GENERAL).messageTs(posted.ts()))
                        .getPermalink())
                .isEqualTo("https://emulated.slack.test/archives/" + GENERAL + "/p"
                        + posted.ts().replace(".", ""));
        assertThat(client(BOT_TOKEN)
                        .chatGetPermalink(b -> b.channel(GENERAL).messageTs(reply.ts()))
                        .getPermalink())
                .endsWith("?thread_ts=" + posted.ts() + "&cid=" + GENERAL);
        assertThat(client(BOT_TOKEN)
                        .chatGetPermalink(b -> b.channel(GENERAL).messageTs("1.1"))
                        .getError())
                .isEqualTo("message_not_found");

        List<String> members = new java.util.ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String page = cursor;
            var r = client(BOT_TOKEN)
                    .conversationsMembers(b -> page == null
                            ? b.channel(GENERAL).limit(2)
                            : b.channel(GENERAL).limit(2).cursor(page));
            assertThat(r.getMembers()).hasSizeLessThanOrEqualTo(2);
            members.addAll(r.getMembers());
            cursor = r.getResponseMetadata().getNextCursor();
            pages++;
        } while (!cursor.isEmpty());
        assertThat(members).containsExactlyInAnyOrder(ADMIN, POSTER, BOT_USER, OTHER_BOT_USER, MODERATOR);
        assertThat(pages).isEqualTo(3);
        assertThat(client(ADMIN_TOKEN)
                        .conversationsMembers(b -> b.channel(MODERATORS))
                        .getError())
                .isEqualTo("missing_scope");
        assertThat(client(BOT_TOKEN)
                        .conversationsInfo(b -> b.channel(GENERAL))
                        .getChannel()
                        .getName())
                .isEqualTo("general");
        assertThat(client(BOT_TOKEN)
                        .conversationsInfo(b -> b.channel(MODERATORS))
                        .getChannel()
                        .isPrivate())
                .isTrue();
        assertThat(client(BOT_TOKEN)
                        .conversationsInfo(b -> b.channel("C0NOSUCH01"))
                        .getError())
                .isEqualTo("channel_not_found");
    }

    @Test
    void theUploadFlow_urlThenBytesThenComplete_sharesTheFileInTheThread() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
        var parent = workspace.post(GENERAL, POSTER, "parent", null);
        var url = client(BOT_TOKEN)
                .filesGetUploadURLExternal(b -> b.filename("back.png").length(png.length));
        assertThat(url.isOk()).isTrue();
        assertThat(client(BOT_TOKEN)
                        .filesGetUploadURLExternal(b -> b.filename("x.png").length(0))
                        .getError())
                .isEqualTo("missing_argument");
        assertThat(client(BOT_TOKEN)
                        .filesCompleteUploadExternal(b -> b.files(List.of(com.slack.api.methods.request.files
                                        .FilesCompleteUploadExternalRequest.FileDetails.builder()
                                        .id(url.getFileId())
                                        .build()))
                                .channelId(GENERAL))
                        .getError())
                .as("nothing was uploaded yet")
                .isEqualTo("file_not_found");

        var upload = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url.getUploadUrl()))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(png))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        var done = client(BOT_TOKEN)
                .filesCompleteUploadExternal(
                        b -> b.files(List.of(com.slack.api.methods.request.files.FilesCompleteUploadExternalRequest
                                        .FileDetails.builder()
                                        .id(url.getFileId())
                                        .title("restored")
                                        .build()))
                                .channelId(GENERAL)
                                .threadTs(parent.ts())
                                .initialComment("back again"));

        assertThat(upload.statusCode()).isEqualTo(200);
        assertThat(upload.body()).isEqualTo("OK - " + png.length);
        assertThat(done.isOk()).as(done.getError()).isTrue();
        assertThat(workspace.findFile(url.getFileId()).orElseThrow().name()).isEqualTo("back.png");
        assertThat(workspace.messagesIn(GENERAL))
                .filteredOn(m -> m.fileIds().contains(url.getFileId()))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.text()).isEqualTo("back again");
                    assertThat(m.threadTs()).isEqualTo(parent.ts());
                    assertThat(m.user()).isEqualTo(BOT_USER);
                });
    }

    @Test
    void privateChannelFiles_areInvisibleToNonMembers() throws Exception {
        workspace
                .file("F2", "b.png", "image/png", "png", POSTER, new byte[] {1}, 10, 10)
                .sharedIn(SECRET_CHANNEL);

        assertThat(client(ADMIN_TOKEN).filesDelete(b -> b.file("F2")).getError())
                .isEqualTo("file_not_found");
        assertThat(client(BOT_TOKEN).filesInfo(b -> b.file("F2")).isOk()).isTrue();
    }

    @Test
    void downloads_needAValidTokenThatCanSeeTheFile_elseTheSignInPage() throws Exception {
        workspace
                .file("F3", "c.png", "image/png", "png", POSTER, new byte[] {9, 8, 7}, 10, 10)
                .sharedIn(GENERAL);
        HttpClient http = HttpClient.newHttpClient();
        URI url = URI.create(slack.fileUrl("F3"));

        var withToken = http.send(
                HttpRequest.newBuilder(url)
                        .header("Authorization", "Bearer " + BOT_TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        var without = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(withToken.body()).containsExactly(9, 8, 7);
        assertThat(without.statusCode()).isEqualTo(200);
        assertThat(without.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(without.body()).contains("Sign in");
    }

    @Test
    void scriptedRateLimit_answers429WithRetryAfter_thenRecovers() throws Exception {
        slack.script("chat.postMessage", new SlackEmulator.Fault.RateLimited(11), 1);

        assertThatThrownBy(() -> client(BOT_TOKEN)
                        .chatPostMessage(b -> b.channel(GENERAL).text("hi")))
                .isInstanceOfSatisfying(SlackApiException.class, e -> {
                    assertThat(e.getResponse().code()).isEqualTo(429);
                    assertThat(e.getResponse().header("Retry-After")).isEqualTo("11");
                });
        assertThat(client(BOT_TOKEN)
                        .chatPostMessage(b -> b.channel(GENERAL).text("hi"))
                        .isOk())
                .isTrue();
        assertThat(slack.calls("chat.postMessage")).hasSize(2);
    }

    @Test
    void chatDelete_onlyByAuthorOrAdmin_andConversationsOpenMakesOneDm() throws Exception {
        var m = workspace.post(GENERAL, POSTER, "hello", null);

        assertThat(client(BOT_TOKEN)
                        .chatDelete(b -> b.channel(GENERAL).ts(m.ts()))
                        .getError())
                .isEqualTo("cant_delete_message");
        assertThat(client(ADMIN_TOKEN)
                        .chatDelete(b -> b.channel(GENERAL).ts(m.ts()))
                        .isOk())
                .isTrue();
        assertThat(client(ADMIN_TOKEN)
                        .chatDelete(b -> b.channel(GENERAL).ts(m.ts()))
                        .getError())
                .isEqualTo("message_not_found");
        String dm = client(BOT_TOKEN)
                .conversationsOpen(b -> b.users(List.of(POSTER)))
                .getChannel()
                .getId();
        assertThat(client(BOT_TOKEN)
                        .conversationsOpen(b -> b.users(List.of(POSTER)))
                        .getChannel()
                        .getId())
                .isEqualTo(dm);
    }

    @Test
    void history_isPagedAsSlackPagesIt_withLimitAndAnOpaqueCursor() throws Exception {
        for (int i = 0; i < 5; i++) {
            workspace.post(GENERAL, POSTER, "m" + i, null);
        }
        var methods = client(BOT_TOKEN);

        var first = methods.conversationsHistory(b -> b.channel(GENERAL).limit(2));
        var second = methods.conversationsHistory(b ->
                b.channel(GENERAL).limit(2).cursor(first.getResponseMetadata().getNextCursor()));
        var last = methods.conversationsHistory(b ->
                b.channel(GENERAL).limit(2).cursor(second.getResponseMetadata().getNextCursor()));

        assertThat(first.getMessages()).extracting(m -> m.getText()).containsExactly("m4", "m3");
        assertThat(first.isHasMore()).isTrue();
        assertThat(second.getMessages()).extracting(m -> m.getText()).containsExactly("m2", "m1");
        assertThat(last.getMessages()).extracting(m -> m.getText()).containsExactly("m0");
        assertThat(last.isHasMore()).isFalse();
        assertThat(methods.conversationsHistory(b -> b.channel(GENERAL).cursor("bogus"))
                        .getError())
                .isEqualTo("invalid_cursor");
    }
}

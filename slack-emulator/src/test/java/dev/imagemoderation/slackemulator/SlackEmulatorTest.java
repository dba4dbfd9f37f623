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
        assertThat(client(BOT_TOKEN).filesDelete(b -> b.file("F1")).getError()).isEqualTo("missing_scope");
        assertThat(client(ADMIN_TOKEN).filesDelete(b -> b.file("F1")).isOk()).isTrue();
        assertThat(client(ADMIN_TOKEN).filesDelete(b -> b.file("F1")).getError())
                .isEqualTo("file_deleted");
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

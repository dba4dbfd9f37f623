package dev.imagemoderation.slackactions;

import static dev.imagemoderation.slackemulator.SampleWorkspace.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagemoderation.core.errors.InvalidWorkflowInputException;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.moderation.NoticeTexts;
import dev.imagemoderation.core.moderation.PolicyLoader;
import dev.imagemoderation.core.slack.HostAllowlist;
import dev.imagemoderation.slack.SlackApi;
import dev.imagemoderation.slackemulator.SampleWorkspace;
import dev.imagemoderation.slackemulator.SlackEmulator;
import dev.imagemoderation.slackemulator.Workspace;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Lambda handlers as the runtime calls them: JSON bytes in (the workflow's payload), JSON bytes out. */
class HandlersTest {

    private final Workspace workspace = SampleWorkspace.create();
    private final SlackEmulator slack = SlackEmulator.start(workspace);
    private final SlackApi api = new SlackApi(slack.apiUrl(), HostAllowlist.slackPlus(Set.of(slack.host())));
    private final SlackActions actions = new SlackActions(
            new FileRemover(api, () -> ADMIN_TOKEN, () -> BOT_TOKEN, false),
            new Notifier(api, () -> BOT_TOKEN, MODERATORS, new NoticeTexts(PolicyLoader.preset("default"))));

    @AfterEach
    void stop() {
        slack.close();
    }

    private JsonNode invoke(com.amazonaws.services.lambda.runtime.RequestStreamHandler handler, String payload)
            throws Exception {
        var out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.mapper().readTree(out.toByteArray());
    }

    private String payload(String fileId, String ts) {
        return """
                {"request":{"schemaVersion":1,"eventId":"Ev9","teamId":"%s","channelId":"%s","channelType":"channel",
                            "userId":"%s","messageTs":"%s","receivedAt":"2026-11-25T12:00:00Z"},
                 "files":[{"request":{"schemaVersion":1,"eventId":"Ev9","teamId":"%s","channelId":"%s","userId":"%s",
                                      "messageTs":"%s","receivedAt":"2026-11-25T12:00:00Z","files":[]},
                           "file":{"id":"%s","name":"x.png","mimetype":"image/png","filetype":"png"},
                           "image":{"status":"FETCHED","source":"original","originalKey":"incoming/a","analysedKeys":["incoming/a"]},
                           "detection":{"ModerationLabels":[{"Name":"Explicit","ParentName":"","Confidence":97.5,"TaxonomyLevel":1}],
                                        "ModerationModelVersion":"7.0","ContentTypes":[]},
                           "verdict":{"action":"REMOVE","category":"Explicit","rules":[],"policyVersion":"default@x","detector":"d"}}],
                 "quarantined":[{"fileId":"%s","quarantineKey":"quarantine/T/Ev9/%s"}]}
                """.formatted(TEAM, GENERAL, POSTER, ts, TEAM, GENERAL, POSTER, ts, fileId, fileId, fileId);
    }

    @Test
    void removeFilesHandler_workflowPayload_deletesAndAnswersJson() throws Exception {
        workspace
                .file("F0HANDLER1", "x.png", "image/png", "png", POSTER, new byte[] {1}, 90, 90)
                .sharedIn(GENERAL);
        var m = workspace.post(GENERAL, POSTER, "", null, "F0HANDLER1");

        JsonNode out = invoke(new RemoveFilesHandler(actions), payload("F0HANDLER1", m.ts()));

        assertThat(out.path("removed").get(0).asText()).isEqualTo("F0HANDLER1");
        assertThat(workspace.findFile("F0HANDLER1").orElseThrow().isDeleted()).isTrue();
    }

    @Test
    void notifyChannelHandler_workflowPayload_postsNotice() throws Exception {
        workspace
                .file("F0HANDLER2", "x.png", "image/png", "png", POSTER, new byte[] {1}, 90, 90)
                .sharedIn(GENERAL);
        var m = workspace.post(GENERAL, POSTER, "", null, "F0HANDLER2");
        String payload = payload("F0HANDLER2", m.ts()).replace("\"files\":[{", "\"scans\":[{");

        JsonNode out = invoke(new NotifyChannelHandler(actions), payload);

        assertThat(out.path("sent").asBoolean()).isTrue();
        assertThat(out.path("channel").asText()).isEqualTo(GENERAL);
    }

    @Test
    void handler_malformedPayload_failsWithInvalidInput() {
        assertThatThrownBy(() -> invoke(new NotifyPosterHandler(actions), "{\"request\": [1,2]"))
                .isInstanceOf(InvalidWorkflowInputException.class)
                .hasMessageContaining("NotifyPosterHandler");
    }
}

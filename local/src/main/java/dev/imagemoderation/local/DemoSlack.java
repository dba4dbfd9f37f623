package dev.imagemoderation.local;

import static dev.imagemoderation.slackemulator.SampleWorkspace.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.core.config.Setting;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.slackemulator.SampleWorkspace;
import dev.imagemoderation.slackemulator.SlackEmulator;
import dev.imagemoderation.slackemulator.Workspace;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's Slack: the emulator with the sample workspace, connected to the runtime over
 * Socket Mode (as most admins will run it), and a poster who shares the demo images in
 * #general. The console shows this workspace's channels so the removals and notices can
 * be seen without a real Slack.
 */
final class DemoSlack implements AutoCloseable, AuditConsole.Demo {

    static final String DEMO_MODEL = "mobilenet_v2";

    private final Workspace workspace = SampleWorkspace.create();
    private final SlackEmulator slack = SlackEmulator.start(workspace);
    private final String signingSecret = UUID.randomUUID().toString();
    private final AtomicInteger uploads = new AtomicInteger();

    /** The functions' settings that point them at the emulator, with the demo policy. */
    Map<String, String> settings(Map<String, String> base) {
        Map<String, String> s = new LinkedHashMap<>(base);
        s.put(LocalSettings.BOT_TOKEN, BOT_TOKEN);
        s.put(LocalSettings.ADMIN_TOKEN, ADMIN_TOKEN);
        s.put(LocalSettings.APP_TOKEN, APP_TOKEN);
        s.put(LocalSettings.SIGNING_SECRET, signingSecret);
        s.put(LocalSettings.MODERATORS_CHANNEL, MODERATORS);
        s.put(Setting.SLACK_API_URL.name(), slack.apiUrl());
        s.put(Setting.SLACK_ALLOWED_HOSTS.name(), slack.host());
        s.put(Setting.SLACK_APP_ID.name(), APP_ID);
        s.put(Setting.SLACK_BOT_ID.name(), BOT_ID);
        s.putIfAbsent(Setting.POLICY.name(), "demo");
        // The demo images were chosen for this model's scores: another model would not show all three outcomes.
        s.put(LocalSettings.DETECTOR_MODEL, DEMO_MODEL);
        return s;
    }

    /** Without a Socket Mode connection the emulator falls back to the HTTP intake, as Slack does. */
    void requestUrl(URI slackEvents) {
        slack.events().requestUrl(slackEvents, signingSecret);
    }

    /** Waits for the runtime's Socket Mode client, so the first images do not go the HTTP way. */
    boolean awaitSocketMode(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!slack.socketModeConnected() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return slack.socketModeConnected();
    }

    SlackEmulator emulator() {
        return slack;
    }

    @Override
    public JsonNode postImages() {
        ArrayNode posted = Json.mapper().createArrayNode();
        for (DemoImages.Image image : DemoImages.all()) {
            String fileId = String.format("F0DEMO%04d", uploads.incrementAndGet());
            workspace.file(
                    fileId, image.name(), "image/png", "png", POSTER, image.png(), image.width(), image.height());
            String eventId = slack.shareFiles(GENERAL, POSTER, "", fileId);
            posted.addObject()
                    .put("fileId", fileId)
                    .put("name", image.name())
                    .put("eventId", eventId)
                    .put("expected", image.expected());
        }
        return Json.mapper().createObjectNode().set("posted", posted);
    }

    @Override
    public JsonNode slackView() {
        ObjectNode view = Json.mapper().createObjectNode();
        // Everyone and every channel by name, for the panel to render mentions as Slack does.
        ObjectNode names = view.putObject("names");
        for (Workspace.Channel c : workspace.channels()) {
            names.put(c.id(), c.isIm() ? "a direct message" : "#" + c.name());
        }
        for (String user : java.util.List.of(ADMIN, POSTER, MODERATOR, BOT_USER, OTHER_BOT_USER)) {
            names.put(user, "@" + name(user));
        }
        ArrayNode channels = view.putArray("channels");
        for (Workspace.Channel c : workspace.channels()) {
            ObjectNode ch = channels.addObject()
                    .put("id", c.id())
                    .put("im", c.isIm())
                    .put(
                            "name",
                            c.isIm()
                                    ? "DM with "
                                            + name(c.members().stream()
                                                    .filter(m -> !m.equals(BOT_USER))
                                                    .findFirst()
                                                    .orElse("?"))
                                    : c.name());
            ArrayNode messages = ch.putArray("messages");
            for (Workspace.Message m : workspace.messagesIn(c.id())) {
                ObjectNode msg = messages.addObject()
                        .put("ts", m.ts())
                        .put("user", name(m.user()))
                        .put("text", m.text());
                ArrayNode buttons = msg.putArray("buttons");
                buttons(m).forEach(buttons::add);
                ArrayNode files = msg.putArray("files");
                for (String id : m.fileIds()) {
                    workspace
                            .findFile(id)
                            .ifPresent(f -> files.addObject()
                                    .put("id", id)
                                    .put("name", f.name())
                                    .put("deleted", f.isDeleted()));
                }
            }
        }
        return view;
    }

    /** The message's buttons, as {@code {actionId, text}}: what the panel shows for a click. */
    private static List<JsonNode> buttons(Workspace.Message m) {
        if (m.blocks() == null) {
            return List.of();
        }
        try {
            List<JsonNode> out = new java.util.ArrayList<>();
            for (JsonNode block : Json.mapper().readTree(m.blocks())) {
                for (JsonNode e : block.path("elements")) {
                    if ("button".equals(e.path("type").asText())) {
                        out.add(Json.mapper()
                                .createObjectNode()
                                .put("actionId", e.path("action_id").asText())
                                .put("text", e.path("text").path("text").asText()));
                    }
                }
            }
            return out;
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    @Override
    public JsonNode click(String channel, String ts, String actionId, String user) {
        if (workspace.findUser(user).isEmpty()) {
            throw new IllegalArgumentException("no user " + user + " in the emulated workspace");
        }
        slack.events().click(channel, ts, actionId, user);
        return Json.mapper()
                .createObjectNode()
                .put("delivered", true)
                .put("actionId", actionId)
                .put("user", user)
                .put("overSocketMode", slack.socketModeConnected());
    }

    private String name(String userId) {
        return workspace.findUser(userId).map(Workspace.User::name).orElse(userId);
    }

    @Override
    public void close() {
        slack.close();
    }
}

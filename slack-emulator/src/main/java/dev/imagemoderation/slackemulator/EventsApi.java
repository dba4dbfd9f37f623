package dev.imagemoderation.slackemulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.slack.SlackRequestVerifier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slack's side of the Events API: turns a message posted in the emulated workspace into an
 * {@code event_callback} and delivers it as Slack would — to the Request URL, signed, with
 * up to three retries carrying {@code X-Slack-Retry-Num} when the app does not answer 2xx in
 * three seconds; or over a Socket Mode connection when the app has one open (Slack prefers
 * Socket Mode when it is enabled).
 */
public final class EventsApi {

    /** One attempt to deliver over HTTP: the status the app answered, or -1 when it did not answer in time. */
    public record HttpDelivery(String eventId, int attempt, int status) {}

    private static final Duration SLACK_TIMEOUT = Duration.ofSeconds(3);

    private final Workspace workspace;
    private final String appId;
    private final SocketModeServer socketMode;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(SLACK_TIMEOUT).build();
    private final List<HttpDelivery> httpDeliveries = new CopyOnWriteArrayList<>();
    private final AtomicLong eventCounter = new AtomicLong();
    private volatile URI requestUrl;
    private volatile URI interactivityUrl;
    private volatile String signingSecret;

    /** Makes the {@code response_url} of a click: where an answer to the clicker alone may be POSTed. */
    private final java.util.function.BiFunction<String, String, String> responseUrls;

    EventsApi(
            Workspace workspace,
            String appId,
            SocketModeServer socketMode,
            java.util.function.BiFunction<String, String, String> responseUrls) {
        this.responseUrls = responseUrls;
        this.workspace = workspace;
        this.appId = appId;
        this.socketMode = socketMode;
    }

    /** Sets the app's Request URL and signing secret, as the app's Event Subscriptions page does. */
    public EventsApi requestUrl(URI url, String secret) {
        this.requestUrl = url;
        this.signingSecret = secret;
        return this;
    }

    /**
     * A member posts {@code fileIds} (already stored with {@link Workspace#file}) in a channel;
     * the files become shared there and the app is told.
     *
     * @return the event id of the {@code message/file_share} event delivered
     */
    public String shareFiles(SlackEmulator slack, String channel, String user, String text, String... fileIds) {
        ObjectNode envelope = fileShareCallback(slack, channel, user, text, fileIds);
        deliver(envelope);
        return envelope.path("event_id").asText();
    }

    /**
     * As {@link #shareFiles}, but the {@code event_callback} is returned instead of delivered:
     * for a test that plays Slack's HTTP deliveries itself (many senders at once, say).
     * {@link dev.imagemoderation.core.slack.SlackRequestVerifier#sign} signs it as Slack would.
     */
    public ObjectNode fileShareCallback(
            SlackEmulator slack, String channel, String user, String text, String... fileIds) {
        ObjectNode event;
        String eventId = nextEventId();
        synchronized (workspace) {
            for (String id : fileIds) {
                workspace
                        .findFile(id)
                        .orElseThrow(() -> new IllegalArgumentException("no file " + id))
                        .sharedIn(channel);
            }
            Workspace.Message m = workspace.post(channel, user, text, null, fileIds);
            Workspace.Channel ch = workspace.channels.get(channel);
            event = Json.mapper()
                    .createObjectNode()
                    .put("type", "message")
                    .put("subtype", "file_share")
                    .put("text", text)
                    .put("user", user)
                    .put("ts", m.ts())
                    .put("event_ts", m.ts())
                    .put("channel", channel)
                    .put("channel_type", ch != null && ch.isPrivate() ? "group" : "channel");
            var files = event.putArray("files");
            for (String id : fileIds) {
                files.add(slack.fileJson(id));
            }
        }
        return envelope(eventId, event);
    }

    /**
     * A member posts a link to an image, and Slack unfurls it as it does: first the
     * {@code message} event for the text, then, once Slack has fetched the link, a
     * {@code message_changed} event whose message carries an attachment with the
     * {@code image_url} (and its size when the image is on this emulator's web host).
     *
     * @return the ts of the message posted
     */
    public String postLinkAndUnfurl(SlackEmulator slack, String channel, String user, String imageUrl) {
        String text = "<" + imageUrl + ">";
        Workspace.Message m;
        ObjectNode posted;
        synchronized (workspace) {
            m = workspace.post(channel, user, text, null);
            posted = messageEvent(channel, m).put("user", user).put("text", text);
        }
        deliver(envelope(nextEventId(), posted));
        ObjectNode message = posted.deepCopy();
        message.remove(List.of("channel", "channel_type", "event_ts"));
        ObjectNode attachment = message.putArray("attachments")
                .addObject()
                .put("id", 1)
                .put("fallback", imageUrl.substring(imageUrl.lastIndexOf('/') + 1))
                .put("from_url", imageUrl)
                .put("original_url", imageUrl)
                .put("image_url", imageUrl)
                .put("service_name", java.net.URI.create(imageUrl).getHost());
        Long bytes = slack.hostedImageBytes(imageUrl);
        if (bytes != null) {
            attachment.put("image_bytes", bytes);
        }
        ObjectNode previous = posted.deepCopy();
        previous.remove(List.of("channel", "channel_type", "event_ts"));
        deliver(envelope(nextEventId(), edit(channel, message, previous)));
        return m.ts();
    }

    /**
     * An app (not this one) posts Block Kit {@code blocks} with its bot user; the app is told
     * with a {@code message} event carrying {@code bot_id}, {@code app_id} and the blocks.
     *
     * @return the ts of the message posted
     */
    public String postBlocks(String channel, String botUser, String botId, String appId, JsonNode blocks) {
        Workspace.Message m;
        ObjectNode event;
        synchronized (workspace) {
            m = workspace.post(channel, botUser, "an app's message", null);
            event = messageEvent(channel, m)
                    .put("user", botUser)
                    .put("bot_id", botId)
                    .put("app_id", appId)
                    .put("text", "an app's message");
            event.putObject("bot_profile").put("id", botId).put("app_id", appId);
            event.set("blocks", blocks.deepCopy());
        }
        deliver(envelope(nextEventId(), event));
        return m.ts();
    }

    private ObjectNode messageEvent(String channel, Workspace.Message m) {
        Workspace.Channel ch = workspace.channels.get(channel);
        return Json.mapper()
                .createObjectNode()
                .put("type", "message")
                .put("ts", m.ts())
                .put("event_ts", m.ts())
                .put("channel", channel)
                .put("channel_type", ch != null && ch.isPrivate() ? "group" : "channel");
    }

    private ObjectNode edit(String channel, ObjectNode message, ObjectNode previous) {
        String now = String.format("%d.%06d", Instant.now().getEpochSecond(), eventCounter.get() % 1_000_000);
        Workspace.Channel ch = workspace.channels.get(channel);
        ObjectNode event = Json.mapper()
                .createObjectNode()
                .put("type", "message")
                .put("subtype", "message_changed")
                .put("hidden", true)
                .put("channel", channel)
                .put("channel_type", ch != null && ch.isPrivate() ? "group" : "channel")
                .put("ts", now)
                .put("event_ts", now);
        event.set("message", message);
        event.set("previous_message", previous);
        return event;
    }

    /**
     * Slack's event ids are unique across time; an emulator restarted over the same local mode data must not
     * reuse its predecessor's, or the bot rightly takes its events for retries already handled.
     */
    private final String instance =
            Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36).toUpperCase();

    private String nextEventId() {
        return "Ev" + String.format("%010d", eventCounter.incrementAndGet()) + instance + "EMU";
    }

    /** Sets the Interactivity Request URL, as the app's Interactivity and Shortcuts page does. */
    public EventsApi interactivityUrl(URI url, String secret) {
        this.interactivityUrl = url;
        this.signingSecret = secret;
        return this;
    }

    /**
     * A member clicks a button of a message, as Slack reports it: a {@code block_actions}
     * payload with the user, the container, the whole message and the action, sent over
     * Socket Mode as an {@code interactive} envelope when the app has a connection, else
     * POSTed to the Interactivity Request URL as a signed form with one field, {@code payload}.
     *
     * @return the payload delivered
     * @throws IllegalArgumentException when the message has no button with that {@code action_id}
     */
    public ObjectNode click(String channel, String ts, String actionId, String user) {
        ObjectNode payload = blockActions(channel, ts, actionId, user);
        deliverInteraction(payload);
        return payload;
    }

    /**
     * Delivers an interaction payload as Slack does (see {@link #click}): for a test that
     * plays Slack delivering one click twice, or two clicks made before either was answered.
     */
    public void deliverInteraction(ObjectNode payload) {
        String form = "payload=" + java.net.URLEncoder.encode(payload.toString(), StandardCharsets.UTF_8);
        deliver(
                Delivery.INTERACTION,
                payload,
                interactivityUrl,
                form.getBytes(StandardCharsets.UTF_8),
                "click " + payload.path("actions").path(0).path("action_id").asText());
    }

    /** The {@code block_actions} payload for a click, without delivering it (a test may play Slack itself). */
    public ObjectNode blockActions(String channel, String ts, String actionId, String user) {
        synchronized (workspace) {
            Workspace.Message m = workspace
                    .findMessage(channel, ts)
                    .orElseThrow(() -> new IllegalArgumentException("no message " + ts + " in " + channel));
            JsonNode blocks;
            try {
                blocks = m.blocks() == null
                        ? Json.mapper().createArrayNode()
                        : Json.mapper().readTree(m.blocks());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            JsonNode button = null;
            String blockId = null;
            for (JsonNode block : blocks) {
                for (JsonNode element : block.path("elements")) {
                    if ("button".equals(element.path("type").asText())
                            && actionId.equals(element.path("action_id").asText())) {
                        button = element;
                        blockId = block.path("block_id").asText(null);
                    }
                }
            }
            if (button == null) {
                throw new IllegalArgumentException("message " + ts + " has no button " + actionId);
            }
            Workspace.User u = workspace.users.get(user);
            String now = String.format(
                    "%d.%06d", Instant.now().getEpochSecond(), eventCounter.incrementAndGet() % 1_000_000);
            ObjectNode p = Json.mapper().createObjectNode().put("type", "block_actions");
            p.putObject("user")
                    .put("id", user)
                    .put("username", u == null ? user : u.name())
                    .put("name", u == null ? user : u.name())
                    .put("team_id", workspace.teamId());
            p.put("api_app_id", appId).put("token", "deprecated-verification-token");
            p.putObject("container")
                    .put("type", "message")
                    .put("message_ts", ts)
                    .put("channel_id", channel)
                    .put("is_ephemeral", false);
            p.put("trigger_id", now + "." + workspace.teamId());
            p.putObject("team").put("id", workspace.teamId()).put("domain", "emulated");
            Workspace.Channel ch = workspace.channels.get(channel);
            p.putObject("channel").put("id", channel).put("name", ch == null ? channel : ch.name());
            ObjectNode message = p.putObject("message")
                    .put("type", "message")
                    .put("user", m.user())
                    .put("ts", ts)
                    .put("text", m.text());
            message.set("blocks", blocks);
            p.put("response_url", responseUrls.apply(user, channel));
            ObjectNode action = p.putArray("actions")
                    .addObject()
                    .put("type", "button")
                    .put("action_id", actionId)
                    .put("action_ts", now);
            if (blockId != null) {
                action.put("block_id", blockId);
            }
            action.set("text", button.path("text"));
            if (button.hasNonNull("value")) {
                action.put("value", button.path("value").asText());
            }
            return p;
        }
    }

    /** Every HTTP delivery attempt so far. */
    public List<HttpDelivery> httpDeliveries() {
        return List.copyOf(httpDeliveries);
    }

    private ObjectNode envelope(String eventId, JsonNode event) {
        ObjectNode root = Json.mapper()
                .createObjectNode()
                .put("token", "deprecated-verification-token")
                .put("team_id", workspace.teamId())
                .put("api_app_id", appId)
                .put("type", "event_callback")
                .put("event_id", eventId)
                .put("event_time", Instant.now().getEpochSecond())
                .put("is_ext_shared_channel", false);
        root.set("event", event);
        return root;
    }

    private void deliver(ObjectNode payload) {
        deliver(
                Delivery.EVENT,
                payload,
                requestUrl,
                payload.toString().getBytes(StandardCharsets.UTF_8),
                payload.path("event_id").asText());
    }

    /** How Slack sends each kind: the Socket Mode envelope, the HTTP body's type, whether it retries. */
    private enum Delivery {
        EVENT("events_api", "application/json", true, "a Request URL"),
        INTERACTION("interactive", "application/x-www-form-urlencoded", false, "an Interactivity URL");

        final String envelope;
        final String contentType;
        final boolean retried;
        final String url;

        Delivery(String envelope, String contentType, boolean retried, String url) {
            this.envelope = envelope;
            this.contentType = contentType;
            this.retried = retried;
            this.url = url;
        }
    }

    /** Over Socket Mode when the app has a connection (Slack prefers it), else a signed POST to {@code url}. */
    private void deliver(Delivery kind, ObjectNode payload, URI url, byte[] body, String what) {
        if (socketMode.hasConnections()) {
            socketMode.send(kind.envelope, payload);
            return;
        }
        if (url == null) {
            throw new IllegalStateException("the app has neither a Socket Mode connection nor " + kind.url);
        }
        Thread.ofVirtual().name("slack-delivery").start(() -> post(url, body, kind.contentType, what, kind.retried));
    }

    /**
     * One signed POST as Slack makes it. Events are retried (three more times, with
     * {@code X-Slack-Retry-Num}); an interaction is not: Slack shows the clicker an error instead.
     */
    private void post(URI url, byte[] body, String contentType, String eventId, boolean retried) {
        for (int attempt = 0; attempt <= (retried ? 3 : 0); attempt++) {
            long ts = Instant.now().getEpochSecond();
            HttpRequest.Builder request = HttpRequest.newBuilder(url)
                    .timeout(SLACK_TIMEOUT)
                    .header("Content-Type", contentType)
                    .header("X-Slack-Request-Timestamp", Long.toString(ts))
                    .header("X-Slack-Signature", SlackRequestVerifier.sign(signingSecret, ts, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (attempt > 0) {
                request.header("X-Slack-Retry-Num", Integer.toString(attempt))
                        .header("X-Slack-Retry-Reason", "http_error");
            }
            int status;
            try {
                status = http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } catch (IOException e) {
                status = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            httpDeliveries.add(new HttpDelivery(eventId, attempt, status));
            if (status >= 200 && status < 300) {
                return;
            }
            try {
                // Slack retries nearly at once, then after 1 and 5 minutes; compressed here.
                Thread.sleep(Duration.ofMillis(500L * (attempt + 1)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

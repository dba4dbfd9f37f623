package dev.imagemoderation.slackemulator;

import static dev.imagemoderation.slackemulator.SampleWorkspace.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.slack.SlackRequestVerifier;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The emulator's Events API side: signed Request URL deliveries with Slack's retries, and Socket Mode. */
class EventsApiTest {

    private final Workspace workspace = SampleWorkspace.create();
    private final SlackEmulator slack = SlackEmulator.start(workspace);

    @AfterEach
    void stop() {
        slack.close();
    }

    private void storeFile(String id) {
        workspace.file(id, "a.png", "image/png", "png", POSTER, new byte[] {1, 2, 3}, 100, 100);
    }

    @Test
    void requestUrlDelivery_isSignedAsSlackSigns_andRetriedWithRetryNumUntil2xx() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        List<String> retryNums = new CopyOnWriteArrayList<>();
        AtomicInteger answers = new AtomicInteger();
        HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/slack/events", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            var verdict = new SlackRequestVerifier(Clock.systemUTC())
                    .verify(
                            "s3cret",
                            ex.getRequestHeaders().getFirst("X-Slack-Request-Timestamp"),
                            ex.getRequestHeaders().getFirst("X-Slack-Signature"),
                            body);
            received.add(verdict.name() + " " + new String(body));
            retryNums.add(String.valueOf(ex.getRequestHeaders().getFirst("X-Slack-Retry-Num")));
            ex.sendResponseHeaders(answers.getAndIncrement() == 0 ? 500 : 200, -1);
            ex.close();
        });
        app.start();
        try {
            slack.events()
                    .requestUrl(
                            URI.create("http://127.0.0.1:" + app.getAddress().getPort() + "/slack/events"), "s3cret");
            storeFile("F0EVENT001");
            String eventId = slack.shareFiles(GENERAL, POSTER, "look", "F0EVENT001");

            long deadline = System.currentTimeMillis() + 10_000;
            while (slack.events().httpDeliveries().size() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(slack.events().httpDeliveries())
                    .extracting(EventsApi.HttpDelivery::status)
                    .containsExactly(500, 200);
            assertThat(retryNums).containsExactly("null", "1");
            assertThat(received).allSatisfy(r -> assertThat(r).startsWith("VALID "));
            JsonNode envelope = Json.mapper().readTree(received.get(0).substring(6));
            assertThat(envelope.path("event_id").asText()).isEqualTo(eventId);
            assertThat(envelope.path("api_app_id").asText()).isEqualTo(APP_ID);
            assertThat(envelope.path("event").path("subtype").asText()).isEqualTo("file_share");
            assertThat(envelope.path("event").path("files").get(0).path("id").asText())
                    .isEqualTo("F0EVENT001");
            assertThat(workspace.messagesIn(GENERAL))
                    .singleElement()
                    .satisfies(m -> assertThat(m.ts())
                            .isEqualTo(envelope.path("event").path("ts").asText()));
        } finally {
            app.stop(0);
        }
    }

    /** An app that records what the Events API delivers to its Request URL. */
    private HttpServer recordingApp(List<JsonNode> into) throws Exception {
        HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/slack/events", ex -> {
            into.add(Json.mapper().readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        app.start();
        slack.events()
                .requestUrl(URI.create("http://127.0.0.1:" + app.getAddress().getPort() + "/slack/events"), "s3cret");
        return app;
    }

    private static void await(List<?> list, int size) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (list.size() < size && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void aLinkToAnImage_isUnfurledAsSlackDoes_theMessageThenAMessageChangedWithTheAttachment() throws Exception {
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        HttpServer app = recordingApp(events);
        try {
            byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
            String url = slack.hostImage("cat.png", png, "image/png");

            String ts = slack.events().postLinkAndUnfurl(slack, GENERAL, POSTER, url);
            await(events, 2);

            // Each delivery is its own request, as Slack's are: they may arrive in either order.
            JsonNode posted = events.stream()
                    .map(e -> e.path("event"))
                    .filter(e -> !e.has("subtype"))
                    .findFirst()
                    .orElseThrow();
            assertThat(posted.path("text").asText()).isEqualTo("<" + url + ">");
            JsonNode edit = events.stream()
                    .map(e -> e.path("event"))
                    .filter(e -> e.has("subtype"))
                    .findFirst()
                    .orElseThrow();
            assertThat(edit.path("subtype").asText()).isEqualTo("message_changed");
            assertThat(edit.path("hidden").asBoolean()).isTrue();
            assertThat(edit.path("message").path("ts").asText()).isEqualTo(ts);
            assertThat(edit.path("message").path("user").asText()).isEqualTo(POSTER);
            assertThat(edit.path("message")
                            .path("attachments")
                            .get(0)
                            .path("image_url")
                            .asText())
                    .isEqualTo(url);
            assertThat(edit.path("message")
                            .path("attachments")
                            .get(0)
                            .path("image_bytes")
                            .asLong())
                    .isEqualTo(png.length);
            assertThat(edit.path("previous_message").has("attachments")).isFalse();
            assertThat(events.get(0).path("event_id").asText())
                    .isNotEqualTo(events.get(1).path("event_id").asText());

            var fetched = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(fetched.body()).as("anyone may fetch it, no token").isEqualTo(png);
            assertThat(fetched.headers().firstValue("Content-Type")).hasValue("image/png");
            var redirect = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(slack.hostRedirect("away", "https://elsewhere.example/")))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            assertThat(redirect.statusCode()).isEqualTo(302);
            assertThat(redirect.headers().firstValue("Location")).hasValue("https://elsewhere.example/");
            assertThat(slack.calls("web")).hasSize(2);
        } finally {
            app.stop(0);
        }
    }

    @Test
    void anotherAppsBlocks_arriveWithItsBotAndAppIds() throws Exception {
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        HttpServer app = recordingApp(events);
        try {
            var blocks = Json.mapper().readTree("[{\"type\":\"image\",\"image_url\":\"https://x.example/a.gif\"}]");

            slack.events().postBlocks(GENERAL, OTHER_BOT_USER, OTHER_BOT_ID, OTHER_APP_ID, blocks);
            await(events, 1);

            JsonNode e = events.getFirst().path("event");
            assertThat(e.path("bot_id").asText()).isEqualTo(OTHER_BOT_ID);
            assertThat(e.path("bot_profile").path("app_id").asText()).isEqualTo(OTHER_APP_ID);
            assertThat(e.path("blocks")).isEqualTo(blocks);
        } finally {
            app.stop(0);
        }
    }

    @Test
    void aClick_isASignedFormWithOnePayloadField_carryingTheUserTheMessageAndTheAction() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> verdicts = new CopyOnWriteArrayList<>();
        HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/slack/interactions", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            verdicts.add(new SlackRequestVerifier(Clock.systemUTC())
                    .verify(
                            "s3cret",
                            ex.getRequestHeaders().getFirst("X-Slack-Request-Timestamp"),
                            ex.getRequestHeaders().getFirst("X-Slack-Signature"),
                            body)
                    .name());
            bodies.add(ex.getRequestHeaders().getFirst("Content-Type") + "\n" + new String(body));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        app.start();
        try {
            slack.events()
                    .interactivityUrl(
                            URI.create("http://127.0.0.1:" + app.getAddress().getPort() + "/slack/interactions"),
                            "s3cret");
            var posted = workspace.post(MODERATORS, BOT_USER, "report", null);
            synchronized (workspace) {
                posted.blocks = """
                        [{"type":"actions","block_id":"decide","elements":[
                          {"type":"button","action_id":"restore","value":"v1","text":{"type":"plain_text","text":"Restore"}}]}]
                        """;
            }

            slack.events().click(MODERATORS, posted.ts(), "restore", ADMIN);
            await(bodies, 1);

            assertThat(verdicts).containsExactly("VALID");
            String[] parts = bodies.getFirst().split("\n", 2);
            assertThat(parts[0]).isEqualTo("application/x-www-form-urlencoded");
            assertThat(parts[1]).startsWith("payload=");
            JsonNode payload = Json.mapper()
                    .readTree(java.net.URLDecoder.decode(parts[1].substring("payload=".length()), "UTF-8"));
            assertThat(payload.path("type").asText()).isEqualTo("block_actions");
            assertThat(payload.path("user").path("id").asText()).isEqualTo(ADMIN);
            assertThat(payload.path("container").path("message_ts").asText()).isEqualTo(posted.ts());
            assertThat(payload.path("channel").path("id").asText()).isEqualTo(MODERATORS);
            assertThat(payload.path("actions").get(0).path("action_id").asText())
                    .isEqualTo("restore");
            assertThat(payload.path("actions").get(0).path("value").asText()).isEqualTo("v1");
            assertThat(payload.path("message")
                            .path("blocks")
                            .get(0)
                            .path("block_id")
                            .asText())
                    .isEqualTo("decide");
            assertThat(payload.path("response_url").asText()).startsWith(slack.base() + "/actions/" + TEAM + "/");
            var answered = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            payload.path("response_url").asText()))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"response_type\":\"ephemeral\",\"text\":\"only you\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(answered.statusCode()).isEqualTo(200);
            assertThat(workspace.ephemeralsFor(ADMIN))
                    .singleElement()
                    .satisfies(e -> assertThat(e.text()).isEqualTo("only you"));
        } finally {
            app.stop(0);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> slack.events()
                        .click(
                                MODERATORS,
                                workspace.messagesIn(MODERATORS).getFirst().ts(),
                                "nope",
                                ADMIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no button nope");
    }

    @Test
    void socketMode_opensWithTheAppTokenOnly_saysHello_sendsEnvelopes_andRecordsAcks() throws Exception {
        assertThat(openConnection(BOT_TOKEN).path("error").asText()).isEqualTo("not_allowed_token_type");
        assertThat(call("auth.test", APP_TOKEN).path("error").asText()).isEqualTo("not_allowed_token_type");
        JsonNode opened = openConnection(APP_TOKEN);
        assertThat(opened.path("ok").asBoolean()).isTrue();
        URI url = URI.create(opened.path("url").asText());
        assertThat(url.getScheme()).isEqualTo("ws");

        BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        WebSocketClient client = new WebSocketClient(url) {
            @Override
            public void onOpen(ServerHandshake h) {}

            @Override
            public void onMessage(String m) {
                try {
                    frames.add(Json.mapper().readTree(m));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void onClose(int code, String reason, boolean remote) {}

            @Override
            public void onError(Exception e) {}
        };
        assertThat(client.connectBlocking(5, TimeUnit.SECONDS)).isTrue();
        try {
            assertThat(frames.poll(5, TimeUnit.SECONDS).path("type").asText()).isEqualTo("hello");
            storeFile("F0SOCKET01");
            String eventId = slack.shareFiles(GENERAL, POSTER, "", "F0SOCKET01");
            JsonNode envelope = frames.poll(5, TimeUnit.SECONDS);
            assertThat(envelope.path("type").asText()).isEqualTo("events_api");
            assertThat(envelope.path("payload").path("event_id").asText()).isEqualTo(eventId);
            String envelopeId = envelope.path("envelope_id").asText();
            assertThat(slack.socketModeUnacknowledged()).containsKey(envelopeId);

            client.send("{\"envelope_id\":\"" + envelopeId + "\"}");
            long deadline = System.currentTimeMillis() + 5_000;
            while (slack.socketModeAcks().isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertThat(slack.socketModeAcks()).containsExactly(envelopeId);
            assertThat(slack.socketModeUnacknowledged()).isEmpty();
        } finally {
            client.closeBlocking();
        }

        // A connection URL is good for one connection only.
        WebSocketClient reuse = new WebSocketClient(url) {
            @Override
            public void onOpen(ServerHandshake h) {}

            @Override
            public void onMessage(String m) {}

            @Override
            public void onClose(int code, String reason, boolean remote) {}

            @Override
            public void onError(Exception e) {}
        };
        reuse.connectBlocking(5, TimeUnit.SECONDS);
        long deadline = System.currentTimeMillis() + 5_000;
        while (!reuse.isClosed() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(reuse.isClosed()).isTrue();
        assertThat(slack.socketModeConnected()).isFalse();
    }

    private JsonNode openConnection(String token) throws Exception {
        return call("apps.connections.open", token);
    }

    private JsonNode call(String method, String token) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(slack.apiUrl() + method))
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return Json.mapper().readTree(r.body());
    }
}

package dev.imagemoderation.slackemulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.core.json.Json;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * Slack's Socket Mode side: {@code apps.connections.open} hands out a one-use
 * {@code ws://} URL; a client connecting with it receives {@code hello}, then
 * {@code events_api} envelopes, each of which it must acknowledge with its
 * {@code envelope_id}. An envelope not acknowledged stays in {@link #unacknowledged()}.
 */
final class SocketModeServer {

    private final Set<String> tickets = ConcurrentHashMap.newKeySet();
    private final Set<WebSocket> open = ConcurrentHashMap.newKeySet();
    private final Map<String, JsonNode> unacknowledged = new ConcurrentHashMap<>();
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final List<String> acknowledgedEvents = new CopyOnWriteArrayList<>();
    private final String appId;
    private final Server server;

    SocketModeServer(String appId) {
        this.appId = appId;
        this.server = new Server();
        CountDownLatch started = new CountDownLatch(1);
        server.onStarted = started::countDown;
        server.setReuseAddr(true);
        server.start();
        try {
            if (!started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Socket Mode server did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A fresh URL for one connection, as {@code apps.connections.open} returns. */
    URI newConnectionUrl() {
        String ticket = UUID.randomUUID().toString();
        tickets.add(ticket);
        return URI.create("ws://127.0.0.1:" + server.getPort() + "/link/?ticket=" + ticket + "&app_id=" + appId);
    }

    boolean hasConnections() {
        return !open.isEmpty();
    }

    /** Sends one envelope of {@code type} ({@code events_api}, {@code interactive}) to one open connection. */
    void send(String type, ObjectNode payload) {
        String envelopeId = UUID.randomUUID().toString();
        ObjectNode envelope = Json.mapper()
                .createObjectNode()
                .put("envelope_id", envelopeId)
                .put("type", type)
                .put("accepts_response_payload", type.equals("interactive"))
                .put("retry_attempt", 0)
                .put("retry_reason", "");
        envelope.set("payload", payload);
        unacknowledged.put(envelopeId, envelope);
        WebSocket socket = open.iterator().next();
        socket.send(envelope.toString());
    }

    List<String> acknowledged() {
        return List.copyOf(acknowledged);
    }

    /** The {@code event_id}s of the envelopes acknowledged, in order. */
    List<String> acknowledgedEvents() {
        return List.copyOf(acknowledgedEvents);
    }

    Map<String, JsonNode> unacknowledged() {
        return Map.copyOf(unacknowledged);
    }

    void close() {
        try {
            server.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Server extends WebSocketServer {
        Runnable onStarted = () -> {};

        Server() {
            super(new InetSocketAddress("127.0.0.1", 0));
        }

        @Override
        public void onOpen(WebSocket socket, ClientHandshake handshake) {
            String resource = handshake.getResourceDescriptor();
            int at = resource.indexOf("ticket=");
            String ticket = at < 0 ? "" : resource.substring(at + 7).split("&")[0];
            if (!tickets.remove(ticket)) {
                socket.close(1008, "invalid or used ticket");
                return;
            }
            open.add(socket);
            ObjectNode hello =
                    Json.mapper().createObjectNode().put("type", "hello").put("num_connections", open.size());
            hello.putObject("connection_info").put("app_id", appId);
            hello.putObject("debug_info").put("host", "emulator").put("approximate_connection_time", 18060);
            socket.send(hello.toString());
        }

        @Override
        public void onMessage(WebSocket socket, String message) {
            JsonNode ack;
            try {
                ack = Json.mapper().readTree(message);
            } catch (Exception e) {
                return;
            }
            String id = ack.path("envelope_id").asText("");
            JsonNode envelope = unacknowledged.remove(id);
            if (envelope != null) {
                acknowledged.add(id);
                acknowledgedEvents.add(envelope.path("payload").path("event_id").asText());
            }
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean remote) {
            open.remove(socket);
        }

        @Override
        public void onError(WebSocket socket, Exception e) {
            if (socket != null) {
                open.remove(socket);
            }
        }

        @Override
        public void onStart() {
            onStarted.run();
        }
    }
}

package dev.imagemoderation.awsjson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.imagemoderation.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server speaking the AWS JSON protocol (1.0 or 1.1): the operation
 * is named by {@code X-Amz-Target: Service.Operation}, requests and responses are JSON,
 * and errors are a status with {@code {"__type": ..., "message": ...}}. The real SDK
 * clients talk to it unchanged through {@code endpointOverride}.
 */
public final class AwsJsonServer implements AutoCloseable {

    /** What an operation answers: a result object or a modelled error. */
    public sealed interface Reply {
        record Ok(JsonNode body) implements Reply {}

        record Error(int status, String type, String message) implements Reply {}
    }

    /** An operation's implementation. */
    @FunctionalInterface
    public interface Operation {
        Reply handle(JsonNode request);
    }

    /** One request as received, for assertions. */
    public record Call(String target, JsonNode body) {}

    private final HttpServer server;
    private final String contentType;
    private volatile int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

    /** Enough for Rekognition's 5 MB image as base64 and the rest of a request. */
    public static final int DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    /** @param jsonVersion "1.0" (Step Functions) or "1.1" (Rekognition); binds a free loopback port */
    public AwsJsonServer(String jsonVersion) {
        this(jsonVersion, "127.0.0.1", 0);
    }

    public AwsJsonServer(String jsonVersion, String host, int port) {
        this.contentType = "application/x-amz-json-" + jsonVersion;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind " + host + ":" + port + " (" + e.getMessage() + ")", e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::exchange);
        server.start();
    }

    /** The largest request body read; a larger one is answered 413 without being read whole. */
    public AwsJsonServer maxBodyBytes(int limit) {
        this.maxBodyBytes = limit;
        return this;
    }

    public AwsJsonServer on(String target, Operation operation) {
        operations.put(target, operation);
        return this;
    }

    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort());
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String target) {
        return calls.stream().filter(c -> c.target().equals(target)).toList();
    }

    public static ObjectNode object() {
        return Json.mapper().createObjectNode();
    }

    private void exchange(HttpExchange ex) throws IOException {
        try (ex) {
            String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode body;
            try {
                // Bounded before it is read: a body one byte over the limit is refused without holding more.
                byte[] raw = ex.getRequestBody().readNBytes(maxBodyBytes + 1);
                if (raw.length > maxBodyBytes) {
                    send(
                            ex,
                            new Reply.Error(
                                    413, "ValidationException", "request body is over " + maxBodyBytes + " bytes"));
                    return;
                }
                body = raw.length == 0 ? object() : Json.mapper().readTree(raw);
            } catch (IOException e) {
                send(ex, new Reply.Error(400, "SerializationException", "request body is not JSON"));
                return;
            }
            calls.add(new Call(target, body));
            Operation op = target == null ? null : operations.get(target);
            send(
                    ex,
                    op == null
                            ? new Reply.Error(400, "UnknownOperationException", "no operation " + target)
                            : op.handle(body));
        }
    }

    private void send(HttpExchange ex, Reply reply) throws IOException {
        int status;
        JsonNode body;
        switch (reply) {
            case Reply.Ok ok -> {
                status = 200;
                body = ok.body();
            }
            case Reply.Error err -> {
                status = err.status();
                body = object().put("__type", err.type()).put("message", err.message());
                ex.getResponseHeaders().add("x-amzn-ErrorType", err.type());
            }
        }
        byte[] bytes = Json.mapper().writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package dev.imagemoderation.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.imagemoderation.ingest.HttpResult;
import dev.imagemoderation.ingest.SlackEventsEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/** {@code POST /slack/events} on a local port (for a tunnel), in front of the same endpoint the Lambda uses. */
final class SlackIntake implements AutoCloseable {

    private final HttpServer server;
    private final SlackEventsEndpoint endpoint;

    SlackIntake(SlackEventsEndpoint endpoint, String host, int port) throws IOException {
        this.endpoint = endpoint;
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/slack/events", this::exchange);
        server.start();
    }

    URI url() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/slack/events");
    }

    private void exchange(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("POST")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = ex.getRequestBody().readNBytes(SlackEventsEndpoint.MAX_BODY_BYTES + 1);
            Map<String, String> headers = new HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
            HttpResult result = endpoint.handle(headers, body);
            byte[] out = result.body() == null ? new byte[0] : result.body().getBytes(StandardCharsets.UTF_8);
            if (result.contentType() != null) {
                ex.getResponseHeaders().add("Content-Type", result.contentType());
            }
            ex.sendResponseHeaders(result.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(out);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

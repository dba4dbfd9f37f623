package dev.imagemoderation.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.imagemoderation.ingest.HttpResult;
import dev.imagemoderation.ingest.SlackEventsEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code POST /slack/events} and {@code POST /slack/interactions} (for a tunnel) in front of
 * the same endpoints the ingest Lambda uses.
 */
final class SlackEventsRoute implements HttpHandler {

    /** An endpoint of ingest: headers and the raw body in, an HTTP answer out. */
    @FunctionalInterface
    interface Endpoint {
        HttpResult handle(Map<String, String> headers, byte[] body);
    }

    private final Endpoint endpoint;
    private final Runnable onEvent;

    SlackEventsRoute(Endpoint endpoint, Runnable onEvent) {
        this.endpoint = endpoint;
        this.onEvent = onEvent;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            HttpFront.send(ex, 405, null, new byte[0]);
            return;
        }
        onEvent.run();
        byte[] body = ex.getRequestBody().readNBytes(SlackEventsEndpoint.MAX_BODY_BYTES + 1);
        Map<String, String> headers = new HashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        HttpResult result = endpoint.handle(headers, body);
        HttpFront.send(
                ex,
                result.status(),
                result.contentType(),
                result.body() == null ? new byte[0] : result.body().getBytes(StandardCharsets.UTF_8));
    }
}

package dev.imagemoderation.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.imagemoderation.ingest.HttpResult;
import dev.imagemoderation.ingest.SlackEventsEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** {@code POST /slack/events} (for a tunnel) in front of the same endpoint the ingest Lambda uses. */
final class SlackEventsRoute implements HttpHandler {

    private final SlackEventsEndpoint endpoint;
    private final Runnable onEvent;

    SlackEventsRoute(SlackEventsEndpoint endpoint, Runnable onEvent) {
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

package dev.imagemoderation.testkit.slack;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** An HTTP request as Slack would send it to the Events API Request URL. */
public record SignedRequest(Map<String, String> headers, byte[] body) {

    public SignedRequest {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The same request with every header name lower-cased, as API Gateway HTTP APIs deliver them. */
    public SignedRequest lowerCaseHeaders() {
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        return new SignedRequest(lower, body);
    }

    /** The request as an API Gateway HTTP API (payload 2.0) event, body base64-encoded or not. */
    public APIGatewayV2HTTPEvent toApiGatewayEvent(boolean base64) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey("POST /slack/events");
        event.setRawPath("/slack/events");
        event.setHeaders(new LinkedHashMap<>(headers));
        event.setIsBase64Encoded(base64);
        event.setBody(base64 ? Base64.getEncoder().encodeToString(body) : bodyText());
        return event;
    }
}

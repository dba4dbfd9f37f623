package dev.imagemoderation.testkit.slack;

import dev.imagemoderation.core.slack.SlackRequestVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds Events API requests: any body, any timestamp, signed with the right secret,
 * another one, or not at all.
 */
public final class SignedRequestBuilder {

    private final byte[] body;
    private String secret;
    private Instant timestamp = Instant.now();
    private Integer retryNum;
    private boolean withSignature = true;
    private boolean withTimestamp = true;

    private SignedRequestBuilder(byte[] body) {
        this.body = body;
    }

    public static SignedRequestBuilder body(String body) {
        return new SignedRequestBuilder(body.getBytes(StandardCharsets.UTF_8));
    }

    public static SignedRequestBuilder body(byte[] body) {
        return new SignedRequestBuilder(body.clone());
    }

    public SignedRequestBuilder secret(String signingSecret) {
        this.secret = signingSecret;
        return this;
    }

    public SignedRequestBuilder timestamp(Instant when) {
        this.timestamp = when;
        return this;
    }

    /** Marks the request as Slack's n-th retry ({@code X-Slack-Retry-Num}). */
    public SignedRequestBuilder retry(int n) {
        this.retryNum = n;
        return this;
    }

    public SignedRequestBuilder withoutSignature() {
        this.withSignature = false;
        return this;
    }

    public SignedRequestBuilder withoutTimestamp() {
        this.withTimestamp = false;
        return this;
    }

    public SignedRequest build() {
        if (secret == null && withSignature) {
            throw new IllegalStateException("secret(...) is required unless withoutSignature()");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        long ts = timestamp.getEpochSecond();
        if (withTimestamp) {
            headers.put("X-Slack-Request-Timestamp", Long.toString(ts));
        }
        if (withSignature) {
            headers.put("X-Slack-Signature", SlackRequestVerifier.sign(secret, ts, body));
        }
        if (retryNum != null) {
            headers.put("X-Slack-Retry-Num", retryNum.toString());
            headers.put("X-Slack-Retry-Reason", "http_timeout");
        }
        return new SignedRequest(headers, body);
    }
}

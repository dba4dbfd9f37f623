package dev.imagemoderation.ingest;

import dev.imagemoderation.core.secrets.Secret;
import dev.imagemoderation.core.secrets.SecretUnavailableException;
import dev.imagemoderation.core.slack.SlackRequestVerifier;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every request from Slack passes before it is read, events and interactions alike:
 * a size limit (413), then the signing secret's HMAC over the timestamp and the raw body,
 * within five minutes either way (401). Nothing of the body is decoded before both pass.
 */
final class SignedRequestGate {

    /** Slack's requests are a few KiB; anything near this is not from Slack. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    /** Logged for every request that fails the signature check; infra counts these lines and alarms on them. */
    static final String SIGNATURE_REJECTED_LOG = "request failed Slack signature verification";

    static final String SIGNATURE_HEADER = "X-Slack-Signature";
    static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";

    private static final Logger LOG = LoggerFactory.getLogger(SignedRequestGate.class);

    private final Secret signingSecret;
    private final SlackRequestVerifier verifier;

    SignedRequestGate(Secret signingSecret, SlackRequestVerifier verifier) {
        this.signingSecret = Objects.requireNonNull(signingSecret, "signingSecret");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** The answer for a request that may not be read, or null when it may. */
    HttpResult refusal(Map<String, String> headers, byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            return tooLarge();
        }
        String secret;
        try {
            secret = signingSecret.value();
        } catch (SecretUnavailableException e) {
            LOG.atError()
                    .addKeyValue("decision", "rejected")
                    .addKeyValue("error", e.getMessage())
                    .log("signing secret unavailable; cannot verify Slack requests");
            return HttpResult.error(500, "internal error");
        }
        SlackRequestVerifier.Result check =
                verifier.verify(secret, headers.get(TIMESTAMP_HEADER), headers.get(SIGNATURE_HEADER), body);
        if (check != SlackRequestVerifier.Result.VALID) {
            LOG.atWarn()
                    .addKeyValue("decision", "rejected")
                    .addKeyValue("reason", check.name())
                    .log(SIGNATURE_REJECTED_LOG);
            return HttpResult.error(401, "unauthorized");
        }
        return null;
    }

    /**
     * API Gateway's body, a string that is base64 when the payload was binary, as bytes for
     * {@code handler}; an oversized one is refused before it is decoded (base64 decodes to 3/4).
     */
    static HttpResult decoded(String body, boolean base64, Function<byte[], HttpResult> handler) {
        if (body == null) {
            return handler.apply(new byte[0]);
        }
        long decodedEstimate = base64 ? (body.length() / 4L) * 3L : body.length();
        if (decodedEstimate > MAX_BODY_BYTES + 3L) {
            return tooLarge();
        }
        if (!base64) {
            return handler.apply(body.getBytes(StandardCharsets.UTF_8));
        }
        try {
            return handler.apply(Base64.getDecoder().decode(body));
        } catch (IllegalArgumentException e) {
            return HttpResult.error(400, "body is not valid base64");
        }
    }

    private static HttpResult tooLarge() {
        LOG.atWarn()
                .addKeyValue("decision", "rejected")
                .addKeyValue("reason", "TOO_LARGE")
                .log("request body over " + MAX_BODY_BYTES + " bytes");
        return HttpResult.error(413, "request body exceeds 1 MiB");
    }

    /** HTTP APIs lower-case header names, Socket Mode and tests may not: compare without case. */
    static Map<String, String> caseInsensitive(Map<String, String> headers) {
        Map<String, String> result = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((k, v) -> {
                if (k != null) {
                    result.put(k, v);
                }
            });
        }
        return result;
    }
}

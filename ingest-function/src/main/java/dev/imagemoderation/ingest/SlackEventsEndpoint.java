package dev.imagemoderation.ingest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.imagemoderation.core.secrets.Secret;
import dev.imagemoderation.core.secrets.SecretUnavailableException;
import dev.imagemoderation.core.slack.MalformedEnvelopeException;
import dev.imagemoderation.core.slack.SlackEnvelope;
import dev.imagemoderation.core.slack.SlackEnvelopeParser;
import dev.imagemoderation.core.slack.SlackRequestVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The HTTP side of the Events API: size limit, signature, parsing, status codes. It
 * answers in this order: 413 for an oversized body, 401 for a missing, forged or stale
 * signature, 400 for a body that is not an envelope, 500 when the event could not be
 * queued (so Slack retries), otherwise 200.
 */
public final class SlackEventsEndpoint {

    /** Slack's events are a few KiB; anything near this is not from Slack. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    /** Logged for every request that fails the signature check; infra counts these lines and alarms on them. */
    public static final String SIGNATURE_REJECTED_LOG = "request failed Slack signature verification";

    static final String SIGNATURE_HEADER = "X-Slack-Signature";
    static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
    static final String RETRY_NUM_HEADER = "X-Slack-Retry-Num";

    private static final Logger LOG = LoggerFactory.getLogger(SlackEventsEndpoint.class);

    private final Secret signingSecret;
    private final SlackRequestVerifier verifier;
    private final SlackEnvelopeParser parser;
    private final IngestService service;

    /** The endpoint on SQS, wired from ingest's settings; reads no secret yet. */
    public static SlackEventsEndpoint from(IngestConfig config, Clock clock, SqsClient sqs) {
        return new SlackEventsEndpoint(
                config.signingSecret(),
                new SlackRequestVerifier(clock),
                new SlackEnvelopeParser(),
                IngestService.from(config, clock, sqs));
    }

    public SlackEventsEndpoint(
            Secret signingSecret, SlackRequestVerifier verifier, SlackEnvelopeParser parser, IngestService service) {
        this.signingSecret = Objects.requireNonNull(signingSecret, "signingSecret");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.service = Objects.requireNonNull(service, "service");
    }

    /** For API Gateway, whose body is a string, base64-encoded when the payload was binary. */
    public HttpResult handle(Map<String, String> headers, String body, boolean base64) {
        if (body == null) {
            return handle(headers, new byte[0]);
        }
        // A base64 body decodes to 3/4 of its length: refuse before decoding anything large.
        long decodedEstimate = base64 ? (body.length() / 4L) * 3L : body.length();
        if (decodedEstimate > MAX_BODY_BYTES + 3L) {
            return tooLarge();
        }
        byte[] bytes;
        if (base64) {
            try {
                bytes = Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                return HttpResult.error(400, "body is not valid base64");
            }
        } else {
            bytes = body.getBytes(StandardCharsets.UTF_8);
        }
        return handle(headers, bytes);
    }

    public HttpResult handle(Map<String, String> rawHeaders, byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            return tooLarge();
        }
        Map<String, String> headers = caseInsensitive(rawHeaders);
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
        SlackEnvelope envelope;
        try {
            envelope = parser.parse(body);
        } catch (MalformedEnvelopeException e) {
            LOG.atWarn()
                    .addKeyValue("decision", "rejected")
                    .addKeyValue("reason", e.getMessage())
                    .log("signed request is not a Slack envelope");
            return HttpResult.error(400, "malformed Slack event: " + e.getMessage());
        }
        IngestOutcome outcome;
        try {
            outcome = service.accept(envelope, retryNum(headers));
        } catch (QueueUnavailableException e) {
            return HttpResult.error(500, "event could not be queued");
        }
        return switch (outcome) {
            case IngestOutcome.Challenge c ->
                HttpResult.json(
                        200,
                        JsonNodeFactory.instance
                                .objectNode()
                                .put("challenge", c.challenge())
                                .toString());
            case IngestOutcome.Queued q -> HttpResult.ok();
            case IngestOutcome.Skipped s -> HttpResult.ok();
        };
    }

    private static HttpResult tooLarge() {
        LOG.atWarn()
                .addKeyValue("decision", "rejected")
                .addKeyValue("reason", "TOO_LARGE")
                .log("request body over " + MAX_BODY_BYTES + " bytes");
        return HttpResult.error(413, "request body exceeds 1 MiB");
    }

    private static int retryNum(Map<String, String> headers) {
        String v = headers.get(RETRY_NUM_HEADER);
        if (v == null) {
            return 0;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** HTTP APIs lower-case header names, Socket Mode and tests may not: compare without case. */
    private static Map<String, String> caseInsensitive(Map<String, String> headers) {
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

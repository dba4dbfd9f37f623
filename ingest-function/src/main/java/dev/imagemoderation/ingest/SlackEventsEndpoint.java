package dev.imagemoderation.ingest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.imagemoderation.core.secrets.Secret;
import dev.imagemoderation.core.slack.MalformedEnvelopeException;
import dev.imagemoderation.core.slack.SlackEnvelope;
import dev.imagemoderation.core.slack.SlackEnvelopeParser;
import dev.imagemoderation.core.slack.SlackRequestVerifier;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
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
    public static final int MAX_BODY_BYTES = SignedRequestGate.MAX_BODY_BYTES;

    /** Logged for every request that fails the signature check; infra counts these lines and alarms on them. */
    public static final String SIGNATURE_REJECTED_LOG = SignedRequestGate.SIGNATURE_REJECTED_LOG;

    static final String RETRY_NUM_HEADER = "X-Slack-Retry-Num";

    private static final Logger LOG = LoggerFactory.getLogger(SlackEventsEndpoint.class);

    private final SignedRequestGate gate;
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
        this.gate = new SignedRequestGate(signingSecret, verifier);
        this.parser = Objects.requireNonNull(parser, "parser");
        this.service = Objects.requireNonNull(service, "service");
    }

    /** For API Gateway, whose body is a string, base64-encoded when the payload was binary. */
    public HttpResult handle(Map<String, String> headers, String body, boolean base64) {
        return SignedRequestGate.decoded(body, base64, bytes -> handle(headers, bytes));
    }

    public HttpResult handle(Map<String, String> rawHeaders, byte[] body) {
        Map<String, String> headers = SignedRequestGate.caseInsensitive(rawHeaders);
        HttpResult refused = gate.refusal(headers, body);
        if (refused != null) {
            return refused;
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
}

package dev.imagemoderation.ingest;

import dev.imagemoderation.core.secrets.Secret;
import dev.imagemoderation.core.slack.MalformedEnvelopeException;
import dev.imagemoderation.core.slack.SlackInteraction;
import dev.imagemoderation.core.slack.SlackInteractionParser;
import dev.imagemoderation.core.slack.SlackRequestVerifier;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code POST /slack/interactions}: the same size limit and signature check as events (413,
 * 401), then the form's {@code payload} (400 when it is not one), queued (200 with an empty
 * body, which Slack takes as "nothing to show"), or 500 when it could not be queued, so the
 * clicker sees Slack's error and can click again.
 */
public final class SlackInteractionsEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(SlackInteractionsEndpoint.class);

    private final SignedRequestGate gate;
    private final SlackInteractionParser parser = new SlackInteractionParser();
    private final InteractionIntake intake;

    public static SlackInteractionsEndpoint from(IngestConfig config, Clock clock, SqsClient sqs) {
        return new SlackInteractionsEndpoint(
                config.signingSecret(), new SlackRequestVerifier(clock), InteractionIntake.from(config, clock, sqs));
    }

    public SlackInteractionsEndpoint(Secret signingSecret, SlackRequestVerifier verifier, InteractionIntake intake) {
        this.gate = new SignedRequestGate(signingSecret, verifier);
        this.intake = Objects.requireNonNull(intake, "intake");
    }

    /** For API Gateway, whose body is a string, base64-encoded when the payload was binary. */
    public HttpResult handle(Map<String, String> headers, String body, boolean base64) {
        return SignedRequestGate.decoded(body, base64, bytes -> handle(headers, bytes));
    }

    public HttpResult handle(Map<String, String> rawHeaders, byte[] body) {
        HttpResult refused = gate.refusal(SignedRequestGate.caseInsensitive(rawHeaders), body);
        if (refused != null) {
            return refused;
        }
        SlackInteraction interaction;
        try {
            interaction = parser.parseForm(body);
        } catch (MalformedEnvelopeException e) {
            LOG.atWarn()
                    .addKeyValue("decision", "rejected")
                    .addKeyValue("reason", e.getMessage())
                    .log("signed request is not a Slack interaction");
            return HttpResult.error(400, "malformed Slack interaction: " + e.getMessage());
        }
        try {
            intake.accept(interaction);
        } catch (QueueUnavailableException e) {
            return HttpResult.error(500, "action could not be queued");
        }
        return HttpResult.ok();
    }
}

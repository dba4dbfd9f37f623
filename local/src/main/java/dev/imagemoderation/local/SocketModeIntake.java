package dev.imagemoderation.local;

import com.fasterxml.jackson.core.JacksonException;
import com.slack.api.socket_mode.SocketModeClient;
import com.slack.api.socket_mode.request.EventsApiEnvelope;
import com.slack.api.socket_mode.request.InteractiveEnvelope;
import com.slack.api.socket_mode.response.AckResponse;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.secrets.Secret;
import dev.imagemoderation.core.slack.MalformedEnvelopeException;
import dev.imagemoderation.core.slack.SlackEnvelopeParser;
import dev.imagemoderation.core.slack.SlackInteractionParser;
import dev.imagemoderation.ingest.IngestService;
import dev.imagemoderation.ingest.InteractionIntake;
import dev.imagemoderation.ingest.QueueUnavailableException;
import dev.imagemoderation.slack.SlackApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack intake over Socket Mode: no public URL, the connection itself is authenticated by
 * the app-level token. Each {@code events_api} envelope goes to the same
 * {@link IngestService} the HTTP path uses, and is acknowledged only once the queue has
 * accepted it; an envelope not acknowledged is delivered again by Slack.
 */
final class SocketModeIntake implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SocketModeIntake.class);

    private final SocketModeClient client;
    private final IngestService service;
    private final InteractionIntake interactions;
    private final SlackEnvelopeParser parser = new SlackEnvelopeParser();
    private final SlackInteractionParser interactionParser = new SlackInteractionParser();
    private final Runnable onEvent;

    SocketModeIntake(
            SlackApi slack, Secret appToken, IngestService service, InteractionIntake interactions, Runnable onEvent)
            throws IOException {
        this.service = service;
        this.interactions = interactions;
        this.onEvent = onEvent;
        this.client = slack.socketMode(appToken);
        client.addEventsApiEnvelopeListener(this::onEnvelope);
        client.addInteractiveEnvelopeListener(this::onInteraction);
        client.connect();
    }

    /** A click, as an {@code interactive} envelope: queued like one over HTTP, acknowledged once queued. */
    private void onInteraction(InteractiveEnvelope envelope) {
        try {
            interactions.accept(interactionParser.parse(
                    Json.mapper().readTree(envelope.getPayload().toString())));
        } catch (MalformedEnvelopeException | JacksonException e) {
            LOG.atWarn()
                    .addKeyValue("decision", "rejected")
                    .addKeyValue("reason", e.getMessage())
                    .log("Socket Mode envelope is not a Slack interaction");
        } catch (QueueUnavailableException e) {
            return; // not acknowledged: the clicker sees Slack's error and can click again
        }
        client.sendSocketModeResponse(
                AckResponse.builder().envelopeId(envelope.getEnvelopeId()).build());
    }

    private void onEnvelope(EventsApiEnvelope envelope) {
        onEvent.run();
        try {
            var parsed = parser.parse(envelope.getPayload().toString().getBytes(StandardCharsets.UTF_8));
            service.accept(parsed, envelope.getRetryAttempt() == null ? 0 : envelope.getRetryAttempt());
        } catch (MalformedEnvelopeException e) {
            // Nothing to gain from a redelivery of the same bytes: acknowledge, and say why.
            LOG.atWarn()
                    .addKeyValue("decision", "rejected")
                    .addKeyValue("reason", e.getMessage())
                    .log("Socket Mode envelope is not a Slack event");
        } catch (QueueUnavailableException e) {
            return; // not acknowledged: Slack delivers it again
        }
        client.sendSocketModeResponse(
                AckResponse.builder().envelopeId(envelope.getEnvelopeId()).build());
    }

    @Override
    public void close() throws IOException {
        client.setAutoReconnectEnabled(false);
        client.close();
    }
}

package dev.imagemoderation.ingest;

import static dev.imagemoderation.testkit.slack.SlackPayloads.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagemoderation.core.ingest.EventTriage;
import dev.imagemoderation.core.ingest.IngestRules;
import dev.imagemoderation.core.review.ClickTriage;
import dev.imagemoderation.core.slack.SlackEnvelopeParser;
import dev.imagemoderation.core.slack.SlackRequestVerifier;
import dev.imagemoderation.testkit.slack.SignedRequestBuilder;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlackEventsHandlerTest {

    private static final String SECRET = "handler-test-secret";

    private final RecordingQueue queue = new RecordingQueue();
    private final SlackEventsHandler handler = new SlackEventsHandler(
            new SlackEventsEndpoint(
                    () -> SECRET,
                    new SlackRequestVerifier(Clock.systemUTC()),
                    new SlackEnvelopeParser(),
                    new IngestService(
                            new EventTriage(new IngestRules(OWN_APP, OWN_BOT, Set.of(), Set.of()), Clock.systemUTC()),
                            queue)),
            new SlackInteractionsEndpoint(
                    () -> SECRET,
                    new SlackRequestVerifier(Clock.systemUTC()),
                    new InteractionIntake(new ClickTriage(Clock.systemUTC()), queue)));

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void handleRequest_apiGatewayEvent_plainOrBase64_isVerifiedOverDecodedBytes(boolean base64) {
        var event = SignedRequestBuilder.body(json(MESSAGE_THREE_FILES_TWO_IMAGES))
                .secret(SECRET)
                .build()
                .lowerCaseHeaders()
                .toApiGatewayEvent(base64);

        var response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(queue.sent).hasSize(1);
    }

    @Test
    void handleRequest_challenge_hasJsonContentType() {
        var event = SignedRequestBuilder.body(json(URL_VERIFICATION))
                .secret(SECRET)
                .build()
                .toApiGatewayEvent(true);

        var response = handler.handleRequest(event, null);

        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
        assertThat(response.getBody()).contains("3eZbrw1aBm");
    }

    @Test
    void handleRequest_base64BodyOverLimit_is413WithoutDecoding() {
        var event = SignedRequestBuilder.body(json(URL_VERIFICATION))
                .secret(SECRET)
                .build()
                .toApiGatewayEvent(true);
        event.setBody("A".repeat(2 * 1024 * 1024));

        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(413);
    }

    @Test
    void handleRequest_invalidBase64_is400() {
        var event = SignedRequestBuilder.body(json(URL_VERIFICATION))
                .secret(SECRET)
                .build()
                .toApiGatewayEvent(true);
        event.setBody("not*base64!");

        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(400);
    }

    @Test
    void handleRequest_noHeadersNoBody_is401() {
        var event = new com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent();

        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(401);
    }
}

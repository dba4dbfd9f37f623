package dev.imagemoderation.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.review.ClickTriage;
import dev.imagemoderation.core.review.ReviewAction;
import dev.imagemoderation.core.slack.SlackRequestVerifier;
import dev.imagemoderation.testkit.slack.SignedRequestBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code POST /slack/interactions}: refused like an event when forged, stale or oversized; a click is queued. */
class SlackInteractionsTest {

    private static final String SECRET = "interactions-test-secret";

    private final RecordingQueue queue = new RecordingQueue();
    private final SlackInteractionsEndpoint endpoint = new SlackInteractionsEndpoint(
            () -> SECRET,
            new SlackRequestVerifier(Clock.systemUTC()),
            new InteractionIntake(new ClickTriage(Clock.systemUTC()), queue));

    private static ObjectNode click(String actionId, String value) {
        ObjectNode p = Json.mapper().createObjectNode().put("type", "block_actions");
        p.putObject("user")
                .put("id", "U0ADMIN001")
                .put("username", "alex-admin")
                .put("team_id", "T0MODTEAM1");
        p.putObject("team").put("id", "T0MODTEAM1");
        p.putObject("container")
                .put("type", "message")
                .put("message_ts", "1700000000.000200")
                .put("channel_id", "C0MODS0001");
        p.put("response_url", "https://hooks.slack.com/actions/T/1/abc");
        p.putArray("actions")
                .addObject()
                .put("type", "button")
                .put("action_id", actionId)
                .put("value", value)
                .put("action_ts", "1700000001.000300");
        return p;
    }

    private static String form(ObjectNode payload) {
        return "payload=" + URLEncoder.encode(payload.toString(), StandardCharsets.UTF_8);
    }

    private HttpResult post(SignedRequestBuilder request) {
        var r = request.build();
        return endpoint.handle(r.headers(), r.body());
    }

    @Test
    void aSignedClick_isQueuedAsTheModeratorsAction_andAnsweredWithAnEmpty200() {
        var result = post(SignedRequestBuilder.body(form(click("restore", "T0MODTEAM1-Ev0001")))
                .secret(SECRET));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body()).isEmpty();
        assertThat(queue.reviews).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo(ReviewAction.RESTORE);
            assertThat(r.moderation()).isEqualTo("T0MODTEAM1-Ev0001");
            assertThat(r.actorId()).isEqualTo("U0ADMIN001");
            assertThat(r.reportChannel()).isEqualTo("C0MODS0001");
            assertThat(r.reportTs()).isEqualTo("1700000000.000200");
            assertThat(r.kind()).isEqualTo("review");
        });
    }

    @Test
    void forgedStaleOversizedAndMalformed_areRefusedLikeEvents_andNothingIsQueued() {
        String body = form(click("restore", "T0MODTEAM1-Ev0001"));

        assertThat(post(SignedRequestBuilder.body(body).secret("not-the-secret"))
                        .status())
                .isEqualTo(401);
        assertThat(post(SignedRequestBuilder.body(body)
                                .secret(SECRET)
                                .timestamp(Instant.now().minusSeconds(600)))
                        .status())
                .isEqualTo(401);
        assertThat(post(SignedRequestBuilder.body(body).secret(SECRET).withoutSignature())
                        .status())
                .isEqualTo(401);
        assertThat(post(SignedRequestBuilder.body(new byte[SignedRequestGate.MAX_BODY_BYTES + 1])
                                .secret(SECRET))
                        .status())
                .isEqualTo(413);
        var notAForm =
                post(SignedRequestBuilder.body("{\"type\":\"block_actions\"}").secret(SECRET));
        assertThat(notAForm.status()).isEqualTo(400);
        assertThat(notAForm.body()).contains("no payload field");
        assertThat(post(SignedRequestBuilder.body("payload=%7Bnot-json").secret(SECRET))
                        .body())
                .contains("payload is not valid JSON");
        assertThat(queue.reviews).isEmpty();
    }

    @Test
    void otherButtonsAndInteractions_areAcknowledged_butNotQueued() {
        assertThat(post(SignedRequestBuilder.body(form(click("vote", "T0MODTEAM1-Ev0001")))
                                .secret(SECRET))
                        .status())
                .isEqualTo(200);
        assertThat(post(SignedRequestBuilder.body(form(click("restore", "../../etc")))
                                .secret(SECRET))
                        .status())
                .isEqualTo(200);
        assertThat(post(SignedRequestBuilder.body(
                                        form(Json.mapper().createObjectNode().put("type", "shortcut")))
                                .secret(SECRET))
                        .status())
                .isEqualTo(200);
        assertThat(queue.reviews).isEmpty();
    }

    @Test
    void theQueueDown_is500_soTheClickerSeesSlacksErrorAndCanClickAgain() {
        queue.failing = true;

        assertThat(post(SignedRequestBuilder.body(form(click("allow", "T0MODTEAM1-Ev0001")))
                                .secret(SECRET))
                        .status())
                .isEqualTo(500);
    }

    @Test
    void theLambdaHandler_routesTheInteractionsPath() {
        var handler = new SlackEventsHandler(null, endpoint);
        APIGatewayV2HTTPEvent event = SignedRequestBuilder.body(form(click("keep_removed", "T0MODTEAM1-Ev0002")))
                .secret(SECRET)
                .build()
                .lowerCaseHeaders()
                .toApiGatewayEvent(false);
        event.setRawPath(SlackEventsHandler.INTERACTIONS_PATH);

        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(200);
        assertThat(queue.reviews)
                .singleElement()
                .satisfies(r -> assertThat(r.action()).isEqualTo(ReviewAction.KEEP_REMOVED));
    }
}

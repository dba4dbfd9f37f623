package dev.imagemoderation.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.imagemoderation.core.ingest.EventTriage;
import dev.imagemoderation.core.ingest.IngestRules;
import dev.imagemoderation.core.review.ClickTriage;
import dev.imagemoderation.core.slack.SlackEnvelopeParser;
import dev.imagemoderation.core.slack.SlackRequestVerifier;
import dev.imagemoderation.ingest.IngestService;
import dev.imagemoderation.ingest.InteractionIntake;
import dev.imagemoderation.ingest.SlackEventsEndpoint;
import dev.imagemoderation.ingest.SlackEventsHandler;
import dev.imagemoderation.ingest.SlackInteractionsEndpoint;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The ingest handler wired as in Lambda, but with an in-memory queue; a signed 3-image event, and a signed click. */
final class IngestFixture {

    static final String SECRET = "bench-signing-secret-0123456789abcdef";

    final InMemoryQueue queue = new InMemoryQueue();
    final SlackEventsHandler handler;

    IngestFixture() {
        Clock clock = Clock.systemUTC();
        var rules = new IngestRules("A0MODBOT01", "B0MODBOT01", Set.of(), Set.of());
        handler = new SlackEventsHandler(
                new SlackEventsEndpoint(
                        () -> SECRET,
                        new SlackRequestVerifier(clock),
                        new SlackEnvelopeParser(),
                        new IngestService(new EventTriage(rules, clock), queue)),
                new SlackInteractionsEndpoint(
                        () -> SECRET,
                        new SlackRequestVerifier(clock),
                        new InteractionIntake(new ClickTriage(clock), queue)));
    }

    /** A moderator's click on a report's Restore button, as Slack posts it to the Interactivity URL. */
    static final String CLICK = "payload=" + java.net.URLEncoder.encode("""
            {"type":"block_actions","user":{"id":"U0ADMIN001","username":"alex-admin","team_id":"T0MODTEAM1"},
             "api_app_id":"A0MODBOT01","team":{"id":"T0MODTEAM1","domain":"example"},
             "container":{"type":"message","message_ts":"1764600000.000200","channel_id":"C0MODS0001"},
             "channel":{"id":"C0MODS0001","name":"moderators"},
             "response_url":"https://hooks.slack.com/actions/T0MODTEAM1/1/abcdef",
             "actions":[{"type":"button","action_id":"restore","block_id":"decide",
              "value":"T0MODTEAM1-Ev0123456789","action_ts":"1764600001.000300",
              "text":{"type":"plain_text","text":"Restore"}}]}
            """, StandardCharsets.UTF_8);

    static APIGatewayV2HTTPEvent signedEvent() {
        return signed(ThreeImageEvent.JSON, "application/json", "/slack/events");
    }

    static APIGatewayV2HTTPEvent signedClick() {
        return signed(CLICK, "application/x-www-form-urlencoded", SlackEventsHandler.INTERACTIONS_PATH);
    }

    /**
     * The event as API Gateway delivers it, signed now. Signed with the JDK directly so
     * that building it does not warm our own verifier before a cold-start measurement.
     */
    private static APIGatewayV2HTTPEvent signed(String body, String contentType, String path) {
        long ts = Instant.now().getEpochSecond();
        String signature;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            signature = "v0="
                    + HexFormat.of().formatHex(mac.doFinal(("v0:" + ts + ":" + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        var event = new APIGatewayV2HTTPEvent();
        event.setRawPath(path);
        event.setHeaders(Map.of(
                "content-type",
                contentType,
                "x-slack-request-timestamp",
                Long.toString(ts),
                "x-slack-signature",
                signature));
        event.setBody(body);
        event.setIsBase64Encoded(false);
        return event;
    }
}

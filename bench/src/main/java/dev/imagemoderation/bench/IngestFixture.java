package dev.imagemoderation.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.imagemoderation.core.ingest.EventTriage;
import dev.imagemoderation.core.ingest.IngestRules;
import dev.imagemoderation.core.slack.SlackEnvelopeParser;
import dev.imagemoderation.core.slack.SlackRequestVerifier;
import dev.imagemoderation.ingest.IngestService;
import dev.imagemoderation.ingest.SlackEventsEndpoint;
import dev.imagemoderation.ingest.SlackEventsHandler;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The ingest handler wired as in Lambda, but with an in-memory queue, and a signed 3-image event. */
final class IngestFixture {

    static final String SECRET = "bench-signing-secret-0123456789abcdef";

    final InMemoryQueue queue = new InMemoryQueue();
    final SlackEventsHandler handler;

    IngestFixture() {
        Clock clock = Clock.systemUTC();
        var rules = new IngestRules("A0MODBOT01", "B0MODBOT01", Set.of(), Set.of());
        handler = new SlackEventsHandler(new SlackEventsEndpoint(
                () -> SECRET,
                new SlackRequestVerifier(clock),
                new SlackEnvelopeParser(),
                new IngestService(new EventTriage(rules, clock), queue)));
    }

    /**
     * The event as API Gateway delivers it, signed now. Signed with the JDK directly so
     * that building it does not warm our own verifier before a cold-start measurement.
     */
    static APIGatewayV2HTTPEvent signedEvent() {
        long ts = Instant.now().getEpochSecond();
        String signature;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            signature = "v0="
                    + HexFormat.of()
                            .formatHex(mac.doFinal(
                                    ("v0:" + ts + ":" + ThreeImageEvent.JSON).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        var event = new APIGatewayV2HTTPEvent();
        event.setHeaders(Map.of(
                "content-type",
                "application/json",
                "x-slack-request-timestamp",
                Long.toString(ts),
                "x-slack-signature",
                signature));
        event.setBody(ThreeImageEvent.JSON);
        event.setIsBase64Encoded(false);
        return event;
    }
}

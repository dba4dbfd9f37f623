package dev.imagemoderation.ingest;

import static dev.imagemoderation.testkit.slack.SlackPayloads.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagemoderation.core.ingest.EventTriage;
import dev.imagemoderation.core.ingest.IngestRules;
import dev.imagemoderation.core.request.ModerationRequest;
import dev.imagemoderation.core.secrets.Secret;
import dev.imagemoderation.core.secrets.SecretUnavailableException;
import dev.imagemoderation.core.slack.SlackEnvelopeParser;
import dev.imagemoderation.core.slack.SlackFile;
import dev.imagemoderation.core.slack.SlackRequestVerifier;
import dev.imagemoderation.testkit.logging.LogCapture;
import dev.imagemoderation.testkit.slack.SignedRequest;
import dev.imagemoderation.testkit.slack.SignedRequestBuilder;
import dev.imagemoderation.testkit.slack.SlackPayloads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlackEventsEndpointTest {

    private static final String SECRET = "signing-secret-under-test-8f7422";
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final IngestRules RULES = new IngestRules(OWN_APP, OWN_BOT, Set.of("C0EXEMPT01"), Set.of());

    private final RecordingQueue queue = new RecordingQueue();
    private final LogCapture logs = LogCapture.start();
    private Secret secret = () -> SECRET;

    @AfterEach
    void stopCapture() {
        logs.close();
    }

    private SlackEventsEndpoint endpoint() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return new SlackEventsEndpoint(
                () -> secret.value(),
                new SlackRequestVerifier(clock),
                new SlackEnvelopeParser(),
                new IngestService(new EventTriage(RULES, clock), queue));
    }

    private HttpResult post(SignedRequest request) {
        return endpoint().handle(request.headers(), request.body());
    }

    private static SignedRequestBuilder signed(String body) {
        return SignedRequestBuilder.body(body).secret(SECRET).timestamp(NOW);
    }

    @Test
    void handle_messageWithThreeFilesTwoImages_queuesOneMessageWithBothImages() {
        var result = post(signed(json(MESSAGE_THREE_FILES_TWO_IMAGES)).build());

        assertThat(result.status()).isEqualTo(200);
        assertThat(queue.sent).hasSize(1);
        ModerationRequest r = queue.sent.getFirst();
        assertThat(r.eventId()).isEqualTo("Ev0THREEFILES");
        assertThat(r.teamId()).isEqualTo(TEAM);
        assertThat(r.channelId()).isEqualTo(CHANNEL);
        assertThat(r.userId()).isEqualTo(POSTER);
        assertThat(r.files()).extracting("id").containsExactly("F0IMGJPG01", "F0IMGPNG02");
        assertThat(((SlackFile) r.files().getFirst()).thumbs()).containsKeys(360, 480, 720, 1024);
        assertThat(r.receivedAt()).isEqualTo(NOW);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                MESSAGE_IMAGE_NO_SUBTYPE,
                MESSAGE_FILE_SHARE,
                THREAD_BROADCAST_WITH_FILES,
                OTHER_BOT_IMAGE,
                MESSAGE_STUB_FILE
            })
    void handle_messagesThatCarryImages_areQueued(String payload) {
        assertThat(post(signed(json(payload)).build()).status()).isEqualTo(200);

        assertThat(queue.sent).hasSize(1);
    }

    @Test
    void handle_threadBroadcast_keepsThreadTs() {
        post(signed(json(THREAD_BROADCAST_WITH_FILES)).build());

        assertThat(queue.sent.getFirst().threadTs()).isEqualTo("1732539000.000100");
        assertThat(queue.sent.getFirst().messageTs()).isEqualTo("1732540050.000200");
    }

    @Test
    void handle_slackConnectStub_isQueuedMarkedForFilesInfo() {
        post(signed(json(MESSAGE_STUB_FILE)).build());

        var file = (SlackFile) queue.sent.getFirst().files().getFirst();
        assertThat(file.id()).isEqualTo("F0STUBFILE1");
        assertThat(file.fileAccess()).isEqualTo("check_file_info");
        assertThat(file.isStub()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                OWN_BOT_IMAGE,
                MESSAGE_WITHOUT_FILES,
                MESSAGE_ONLY_PDF,
                MESSAGE_CHANGED,
                MESSAGE_DELETED,
                REACTION_ADDED,
                APP_RATE_LIMITED
            })
    void handle_eventsThatAreNotModerated_areAcknowledgedAndLoggedWithReason(String payload) {
        var result = post(signed(json(payload)).build());

        assertThat(result.status()).isEqualTo(200);
        assertThat(queue.sent).isEmpty();
        assertThat(logs.all()).contains("\"decision\":\"skipped\"").contains("\"reason\":\"");
    }

    @Test
    void handle_exemptChannel_isAcknowledgedNotQueued() {
        var result = post(signed(SlackPayloads.inChannel(MESSAGE_IMAGE_NO_SUBTYPE, "C0EXEMPT01"))
                .build());

        assertThat(result.status()).isEqualTo(200);
        assertThat(queue.sent).isEmpty();
        assertThat(logs.all()).contains("EXEMPT_CHANNEL");
    }

    @Test
    void handle_appRateLimited_isLoggedAtErrorForTheAlarm() {
        post(signed(json(APP_RATE_LIMITED)).build());

        assertThat(logs.events()).anySatisfy(e -> {
            assertThat(e.getLevel().toString()).isEqualTo("ERROR");
            assertThat(logs.all()).contains("app_rate_limited");
        });
    }

    @Test
    void handle_urlVerification_echoesChallenge() {
        var result = post(signed(json(URL_VERIFICATION)).build());

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.contentType()).isEqualTo("application/json");
        assertThat(result.body()).isEqualTo("{\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\"}");
    }

    @Test
    void handle_urlVerificationWithoutSignature_isRefused() {
        var result = post(SignedRequestBuilder.body(json(URL_VERIFICATION))
                .withoutSignature()
                .timestamp(NOW)
                .build());

        assertThat(result.status()).isEqualTo(401);
        assertThat(result.body()).doesNotContain("3eZbrw1aBm");
    }

    @Test
    void handle_deprecatedVerificationTokenWithoutSignature_isNotAuthentication() {
        // The payload carries the verification token the old design trusted; it must not count.
        var result = post(SignedRequestBuilder.body(json(MESSAGE_IMAGE_NO_SUBTYPE))
                .withoutSignature()
                .timestamp(NOW)
                .build());

        assertThat(result.status()).isEqualTo(401);
        assertThat(queue.sent).isEmpty();
    }

    @Test
    void handle_signedWithAnotherSecret_is401WithGenericBody() {
        var result = post(SignedRequestBuilder.body(json(MESSAGE_IMAGE_NO_SUBTYPE))
                .secret("attacker-secret")
                .timestamp(NOW)
                .build());

        assertThat(result.status()).isEqualTo(401);
        assertThat(result.body()).isEqualTo("{\"error\":\"unauthorized\"}");
        assertThat(queue.sent).isEmpty();
    }

    @Test
    void handle_requestFromSixMinutesAgo_is401() {
        var result = post(signed(json(MESSAGE_IMAGE_NO_SUBTYPE))
                .timestamp(NOW.minus(Duration.ofMinutes(6)))
                .build());

        assertThat(result.status()).isEqualTo(401);
        assertThat(queue.sent).isEmpty();
    }

    @Test
    void handle_requestFromSixMinutesInTheFuture_is401() {
        var result = post(signed(json(MESSAGE_IMAGE_NO_SUBTYPE))
                .timestamp(NOW.plus(Duration.ofMinutes(6)))
                .build());

        assertThat(result.status()).isEqualTo(401);
        assertThat(queue.sent).isEmpty();
    }

    @Test
    void handle_missingTimestampHeader_is401() {
        assertThat(post(signed(json(MESSAGE_IMAGE_NO_SUBTYPE))
                                .withoutTimestamp()
                                .build())
                        .status())
                .isEqualTo(401);
    }

    @Test
    void handle_headersInAnyCase_areFound() {
        var request = signed(json(MESSAGE_IMAGE_NO_SUBTYPE)).build();
        var upper = new java.util.LinkedHashMap<String, String>();
        request.headers().forEach((k, v) -> upper.put(k.toUpperCase(java.util.Locale.ROOT), v));

        assertThat(post(request.lowerCaseHeaders()).status()).isEqualTo(200);
        assertThat(endpoint().handle(upper, request.body()).status()).isEqualTo(200);
        assertThat(queue.sent).hasSize(2);
    }

    @Test
    void handle_signedEmptyBody_is400() {
        var result = post(signed("").build());

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.body()).contains("malformed Slack event");
    }

    @Test
    void handle_signedMalformedJson_is400() {
        assertThat(post(signed("{\"type\":\"event_callback\",").build()).status())
                .isEqualTo(400);
    }

    @Test
    void handle_signedJsonThatIsNotAnEnvelope_is400NamingWhatIsMissing() {
        var result = post(signed("{\"hello\":\"world\"}").build());

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.body()).contains("'type'");
    }

    @Test
    void handle_bodyOverOneMebibyte_is413BeforeAnySignatureCheck() {
        byte[] huge = new byte[SlackEventsEndpoint.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');

        assertThat(endpoint().handle(java.util.Map.of(), huge).status()).isEqualTo(413);
        assertThat(post(SignedRequestBuilder.body(huge)
                                .secret(SECRET)
                                .timestamp(NOW)
                                .build())
                        .status())
                .isEqualTo(413);
    }

    @Test
    void handle_bodyOfExactlyOneMebibyte_isNotTooLarge() {
        byte[] max = new byte[SlackEventsEndpoint.MAX_BODY_BYTES];
        java.util.Arrays.fill(max, (byte) ' ');

        // Within the limit it goes on to JSON parsing, which finds nothing.
        assertThat(post(SignedRequestBuilder.body(max)
                                .secret(SECRET)
                                .timestamp(NOW)
                                .build())
                        .status())
                .isEqualTo(400);
    }

    @Test
    void handle_queueFailure_is500SoSlackRetries() {
        queue.failing = true;

        var result = post(signed(json(MESSAGE_IMAGE_NO_SUBTYPE)).build());

        assertThat(result.status()).isEqualTo(500);
        assertThat(logs.all()).contains("\"decision\":\"queue_failed\"").contains("Ev0NOSUBTYPE");
    }

    @Test
    void handle_slackRetryOfSameEvent_isQueuedAgain() {
        post(signed(json(MESSAGE_IMAGE_NO_SUBTYPE)).build());
        post(signed(json(MESSAGE_IMAGE_NO_SUBTYPE)).retry(1).build());

        assertThat(queue.sent).extracting(ModerationRequest::eventId).containsExactly("Ev0NOSUBTYPE", "Ev0NOSUBTYPE");
        assertThat(logs.all()).contains("{\"retryNum\":\"1\"}");
    }

    @Test
    void handle_signingSecretMissing_is500AndLogNamesTheSetting() {
        secret = () -> {
            throw new SecretUnavailableException("neither SLACK_SIGNING_SECRET nor SLACK_SIGNING_SECRET_ARN is set");
        };

        var result = post(signed(json(MESSAGE_IMAGE_NO_SUBTYPE)).build());

        assertThat(result.status()).isEqualTo(500);
        assertThat(result.body()).doesNotContain("SLACK_SIGNING_SECRET");
        assertThat(logs.all()).contains("SLACK_SIGNING_SECRET_ARN");
        assertThat(queue.sent).isEmpty();
    }

    @Test
    void logs_neverContainSecretSignatureOrRawBody() {
        var accepted = signed(json(MESSAGE_THREE_FILES_TWO_IMAGES)).build();
        var forged = SignedRequestBuilder.body(json(MESSAGE_STUB_FILE))
                .secret("attacker-secret")
                .timestamp(NOW)
                .build();
        post(accepted);
        post(forged);
        post(signed("{\"broken\":").build());
        queue.failing = true;
        post(accepted);

        String all = logs.all();
        assertThat(all)
                .isNotEmpty()
                .doesNotContain(SECRET)
                .doesNotContain(accepted.headers().get("X-Slack-Signature"))
                .doesNotContain(forged.headers().get("X-Slack-Signature"))
                .doesNotContain("deprecated-verification-token")
                .doesNotContain("files-pri");
        assertThat(all).contains("\"fileIds\"").contains("F0IMGJPG01").contains("\"channelId\":\"" + CHANNEL + "\"");
    }
}

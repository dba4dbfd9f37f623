package dev.imagemoderation.core.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.app_backend.SlackSignature;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlackRequestVerifierTest {

    // Slack's published example: https://api.slack.com/authentication/verifying-requests-from-slack
    private static final String SLACK_EXAMPLE_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final long SLACK_EXAMPLE_TIMESTAMP = 1531420618L;
    private static final String SLACK_EXAMPLE_BODY =
            "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
                    + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect"
                    + "&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
                    + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private static final String SLACK_EXAMPLE_SIGNATURE =
            "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static final String SECRET = "our-signing-secret";
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final byte[] BODY = "{\"type\":\"event_callback\"}".getBytes(StandardCharsets.UTF_8);

    private final SlackRequestVerifier verifier = new SlackRequestVerifier(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void verify_slackPublishedExample_isValid() {
        var atExampleTime =
                new SlackRequestVerifier(Clock.fixed(Instant.ofEpochSecond(SLACK_EXAMPLE_TIMESTAMP), ZoneOffset.UTC));

        var result = atExampleTime.verify(
                SLACK_EXAMPLE_SECRET,
                Long.toString(SLACK_EXAMPLE_TIMESTAMP),
                SLACK_EXAMPLE_SIGNATURE,
                SLACK_EXAMPLE_BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(result).isEqualTo(SlackRequestVerifier.Result.VALID);
    }

    @Test
    void sign_slackPublishedExample_matchesPublishedSignature() {
        assertThat(SlackRequestVerifier.sign(
                        SLACK_EXAMPLE_SECRET,
                        SLACK_EXAMPLE_TIMESTAMP,
                        SLACK_EXAMPLE_BODY.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(SLACK_EXAMPLE_SIGNATURE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "{\"type\":\"url_verification\",\"challenge\":\"é✓\"}", "a\nb\r\nc"})
    void sign_anyBody_matchesSlackSdkGenerator(String body) {
        var slack = new SlackSignature.Generator(SECRET);
        String ts = Long.toString(NOW.getEpochSecond());

        assertThat(SlackRequestVerifier.sign(SECRET, NOW.getEpochSecond(), body.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(slack.generate(ts, body));
        assertThat(verifier.verify(SECRET, ts, slack.generate(ts, body), body.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(SlackRequestVerifier.Result.VALID);
    }

    @Test
    void verify_requestFromSixMinutesAgo_isStale() {
        assertThat(verifySignedAt(NOW.minus(Duration.ofMinutes(6))))
                .isEqualTo(SlackRequestVerifier.Result.STALE_TIMESTAMP);
    }

    @Test
    void verify_requestFromSixMinutesInTheFuture_isStale() {
        assertThat(verifySignedAt(NOW.plus(Duration.ofMinutes(6))))
                .isEqualTo(SlackRequestVerifier.Result.STALE_TIMESTAMP);
    }

    @Test
    void verify_exactlyFiveMinutesEitherWay_isValid_andOneSecondMoreIsNot() {
        assertThat(verifySignedAt(NOW.minusSeconds(300))).isEqualTo(SlackRequestVerifier.Result.VALID);
        assertThat(verifySignedAt(NOW.plusSeconds(300))).isEqualTo(SlackRequestVerifier.Result.VALID);
        assertThat(verifySignedAt(NOW.minusSeconds(301))).isEqualTo(SlackRequestVerifier.Result.STALE_TIMESTAMP);
        assertThat(verifySignedAt(NOW.plusSeconds(301))).isEqualTo(SlackRequestVerifier.Result.STALE_TIMESTAMP);
    }

    @Test
    void verify_signatureMadeWithAnotherSecret_isBadSignature() {
        String ts = Long.toString(NOW.getEpochSecond());
        String forged = SlackRequestVerifier.sign("another-secret", NOW.getEpochSecond(), BODY);

        assertThat(verifier.verify(SECRET, ts, forged, BODY)).isEqualTo(SlackRequestVerifier.Result.BAD_SIGNATURE);
    }

    @Test
    void verify_bodyChangedAfterSigning_isBadSignature() {
        String ts = Long.toString(NOW.getEpochSecond());
        String signature = SlackRequestVerifier.sign(SECRET, NOW.getEpochSecond(), BODY);
        byte[] tampered = "{\"type\":\"event_callback\" }".getBytes(StandardCharsets.UTF_8);

        assertThat(verifier.verify(SECRET, ts, signature, tampered))
                .isEqualTo(SlackRequestVerifier.Result.BAD_SIGNATURE);
    }

    @Test
    void verify_timestampChangedAfterSigning_isBadSignature() {
        String signature = SlackRequestVerifier.sign(SECRET, NOW.getEpochSecond(), BODY);

        assertThat(verifier.verify(SECRET, Long.toString(NOW.getEpochSecond() - 1), signature, BODY))
                .isEqualTo(SlackRequestVerifier.Result.BAD_SIGNATURE);
    }

    @Test
    void verify_missingHeaders_areReported() {
        String ts = Long.toString(NOW.getEpochSecond());
        String signature = SlackRequestVerifier.sign(SECRET, NOW.getEpochSecond(), BODY);

        assertThat(verifier.verify(SECRET, null, signature, BODY))
                .isEqualTo(SlackRequestVerifier.Result.MISSING_HEADERS);
        assertThat(verifier.verify(SECRET, ts, null, BODY)).isEqualTo(SlackRequestVerifier.Result.MISSING_HEADERS);
        assertThat(verifier.verify(SECRET, " ", "", BODY)).isEqualTo(SlackRequestVerifier.Result.MISSING_HEADERS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1.5e9", "99999999999999999999"})
    void verify_nonNumericTimestamp_isMalformed(String ts) {
        assertThat(verifier.verify(SECRET, ts, "v0=00", BODY))
                .isEqualTo(SlackRequestVerifier.Result.MALFORMED_TIMESTAMP);
    }

    @Test
    void verify_signatureOfOtherVersionOrCase_isBadSignature() {
        String ts = Long.toString(NOW.getEpochSecond());
        String signature = SlackRequestVerifier.sign(SECRET, NOW.getEpochSecond(), BODY);

        assertThat(verifier.verify(SECRET, ts, signature.replace("v0=", "v1="), BODY))
                .isEqualTo(SlackRequestVerifier.Result.BAD_SIGNATURE);
        assertThat(verifier.verify(SECRET, ts, "v0=" + signature.substring(3).toUpperCase(), BODY))
                .isEqualTo(SlackRequestVerifier.Result.BAD_SIGNATURE);
    }

    private SlackRequestVerifier.Result verifySignedAt(Instant signedAt) {
        long ts = signedAt.getEpochSecond();
        return verifier.verify(SECRET, Long.toString(ts), SlackRequestVerifier.sign(SECRET, ts, BODY), BODY);
    }
}

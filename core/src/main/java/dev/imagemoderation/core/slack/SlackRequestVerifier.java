package dev.imagemoderation.core.slack;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Slack's request signature (v0): {@code v0=hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body))}.
 *
 * <p>Stricter than Slack's SDK verifier on purpose: the comparison is constant-time,
 * and timestamps too far in the future are refused as well as stale ones, so a
 * captured request cannot be replayed later by pre-dating it. The deprecated
 * verification token inside the payload is never consulted.
 */
public final class SlackRequestVerifier {

    /** Slack's documented replay window. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String VERSION = "v0";
    private static final String HMAC = "HmacSHA256";

    private final Clock clock;
    private final Duration tolerance;

    public SlackRequestVerifier(Clock clock) {
        this(clock, DEFAULT_TOLERANCE);
    }

    public SlackRequestVerifier(Clock clock, Duration tolerance) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
    }

    /** The outcome of a check; everything but {@link #VALID} must be answered 401. */
    public enum Result {
        VALID,
        MISSING_HEADERS,
        MALFORMED_TIMESTAMP,
        STALE_TIMESTAMP,
        BAD_SIGNATURE
    }

    /**
     * @param signingSecret the app's signing secret
     * @param timestampHeader value of {@code X-Slack-Request-Timestamp}, may be null
     * @param signatureHeader value of {@code X-Slack-Signature}, may be null
     * @param body the raw request body exactly as received (after base64 decoding)
     */
    public Result verify(String signingSecret, String timestampHeader, String signatureHeader, byte[] body) {
        if (isBlank(timestampHeader) || isBlank(signatureHeader)) {
            return Result.MISSING_HEADERS;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return Result.MALFORMED_TIMESTAMP;
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - timestamp);
        if (skew > tolerance.toSeconds()) {
            return Result.STALE_TIMESTAMP;
        }
        byte[] expected = sign(signingSecret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signatureHeader.trim().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Result.VALID : Result.BAD_SIGNATURE;
    }

    /** Computes the signature header value Slack would send for this timestamp and body. */
    public static String sign(String signingSecret, long timestamp, byte[] body) {
        Objects.requireNonNull(signingSecret, "signingSecret");
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), HMAC));
            mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return VERSION + "=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // HmacSHA256 is mandatory on every JVM and any byte string is a valid HMAC key.
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}

package dev.imagemoderation.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagemoderation.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachedSecretTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final AtomicInteger reads = new AtomicInteger();

    @Test
    void value_isReadLazily_thenCachedUntilTtl_thenReadAgain() {
        var secret = new CachedSecret("S", () -> "v" + reads.incrementAndGet(), Duration.ofMinutes(5), clock);
        assertThat(reads).hasValue(0);

        assertThat(secret.value()).isEqualTo("v1");
        clock.advance(Duration.ofMinutes(4));
        assertThat(secret.value()).isEqualTo("v1");
        clock.advance(Duration.ofMinutes(1));
        assertThat(secret.value()).isEqualTo("v2");
    }

    @Test
    void value_pastedWithATrailingNewline_isTrimmed_andInnerWhitespaceIsRefusedWithoutTheValue() {
        var pasted = new CachedSecret("SLACK_BOT_TOKEN_ARN", () -> " xoxb-fake-1234\n", Duration.ofMinutes(5), clock);
        assertThat(pasted.value()).isEqualTo("xoxb-fake-1234");

        var broken = new CachedSecret("SLACK_BOT_TOKEN_ARN", () -> "xoxb-fake\n1234", Duration.ofMinutes(5), clock);
        assertThatThrownBy(broken::value)
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessageContaining("SLACK_BOT_TOKEN_ARN")
                .hasMessageNotContaining("xoxb-fake");
    }

    @Test
    void value_emptySecret_failsNamingItWithoutValue() {
        var secret = new CachedSecret("SLACK_SIGNING_SECRET_ARN", () -> "  ", Duration.ofMinutes(5), clock);

        assertThatThrownBy(secret::value)
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessageContaining("SLACK_SIGNING_SECRET_ARN");
    }

    @Test
    void value_loaderFailure_isWrapped_andRetriedNextTime() {
        var secret = new CachedSecret(
                "S",
                () -> {
                    if (reads.incrementAndGet() == 1) {
                        throw new IllegalStateException("network down");
                    }
                    return "ok";
                },
                Duration.ofMinutes(5),
                clock);

        assertThatThrownBy(secret::value)
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessageContaining("S");
        assertThat(secret.value()).isEqualTo("ok");
    }

    @Test
    void toString_neverShowsTheValue() {
        var secret = new CachedSecret("S", () -> "hunter2", Duration.ofMinutes(5), clock);
        secret.value();

        assertThat(secret.toString()).doesNotContain("hunter2");
    }
}

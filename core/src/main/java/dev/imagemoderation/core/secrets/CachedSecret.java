package dev.imagemoderation.core.secrets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Reads a secret lazily on first use and keeps it for a TTL.
 *
 * <p>Never read secrets during Lambda init: SnapStart runs init when the version is
 * published, usually before an operator has filled the secret, and would freeze an
 * empty or stale value into every snapshot. The TTL lets a rotated secret take
 * effect without a redeploy.
 */
public final class CachedSecret implements Secret {

    private final String name;
    private final Supplier<String> loader;
    private final Duration ttl;
    private final Clock clock;

    private String cached;
    private Instant expiresAt = Instant.MIN;

    /**
     * @param name how the secret is named in errors and logs (e.g. the env var), never its value
     */
    public CachedSecret(String name, Supplier<String> loader, Duration ttl, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized String value() {
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(expiresAt)) {
            String fresh;
            try {
                fresh = loader.get();
            } catch (SecretUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                // The loader's own message may quote request details; keep only its type.
                throw new SecretUnavailableException(
                        "secret " + name + " could not be read (" + e.getClass().getSimpleName() + ")", e);
            }
            if (fresh == null || fresh.isBlank()) {
                throw new SecretUnavailableException("secret " + name + " is empty or not set");
            }
            // Secrets Manager returns what was pasted, often with a trailing newline; a token with one
            // is refused by the HTTP client, whose message would quote the header, token and all.
            fresh = fresh.strip();
            if (fresh.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                throw new SecretUnavailableException("secret " + name
                        + " contains whitespace or control characters inside it; store the bare value");
            }
            cached = fresh;
            expiresAt = now.plus(ttl);
        }
        return cached;
    }

    @Override
    public String toString() {
        return "CachedSecret[" + name + "]";
    }
}

package dev.imagemoderation.local;

import dev.imagemoderation.core.secrets.Secret;
import dev.imagemoderation.slack.SlackApi;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Names for the ids the console shows, so that it reads like Slack: {@code @pat-poster}
 * rather than {@code U0POSTER01}, {@code #general} rather than {@code C0GENERAL1}. Read with
 * the bot token ({@code users.info}, {@code conversations.info}) and kept for ten minutes; an
 * id Slack will not name stays an id, and is asked about again after a minute.
 */
final class SlackNames {

    static final Duration TTL = Duration.ofMinutes(10);
    static final Duration FAILED_TTL = Duration.ofMinutes(1);
    static final int MAX_ENTRIES = 10_000;

    private record Entry(String name, Instant until) {}

    private final SlackApi api;
    private final Secret botToken;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    SlackNames(SlackApi api, Secret botToken, Clock clock) {
        this.api = api;
        this.botToken = botToken;
        this.clock = clock;
    }

    /** {@code @name}, or the id when Slack will not say. */
    String user(String id) {
        return cached(id, u -> {
            var r = api.call("users.info", botToken, m -> m.usersInfo(b -> b.user(u)));
            return r.isOk() && r.getUser() != null ? "@" + r.getUser().getName() : null;
        });
    }

    /** {@code #name}, "a direct message", or the id when Slack will not say. */
    String channel(String id) {
        return cached(id, c -> {
            var r = api.call("conversations.info", botToken, m -> m.conversationsInfo(b -> b.channel(c)));
            if (!r.isOk() || r.getChannel() == null) {
                return null;
            }
            return r.getChannel().isIm()
                    ? "a direct message"
                    : "#" + r.getChannel().getName();
        });
    }

    private String cached(String id, Function<String, String> lookup) {
        if (id == null || id.isBlank()) {
            return id;
        }
        Instant now = clock.instant();
        Entry e = cache.get(id);
        if (e != null && now.isBefore(e.until())) {
            return e.name();
        }
        String name;
        try {
            name = lookup.apply(id);
        } catch (RuntimeException unavailable) {
            name = null; // Slack down or rate-limited: the id will do for now
        }
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(id, new Entry(name != null ? name : id, now.plus(name != null ? TTL : FAILED_TTL)));
        return name != null ? name : id;
    }
}

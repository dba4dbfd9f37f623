package dev.imagemoderation.bench;

import static dev.imagemoderation.slackemulator.SampleWorkspace.*;

import dev.imagemoderation.asl.Execution;
import dev.imagemoderation.local.LocalRuntime;
import dev.imagemoderation.slackemulator.SampleWorkspace;
import dev.imagemoderation.slackemulator.SlackEmulator;
import dev.imagemoderation.slackemulator.Workspace;
import dev.imagemoderation.testkit.images.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Local mode end to end, as Slack drives it: signed events POSTed at a steady rate to the
 * HTTP intake of a {@link LocalRuntime} (real detector, real runner, the Slack emulator
 * holding 480-px JPEG thumbnails), each image removed under a remove-anything policy.
 * The emulator delivers each event as Slack does (signed POST); latency runs from the share to
 * the emulator receiving {@code files.delete}. Then a burst of
 * three-image events measures sustained images per second.
 * Args: {@code [rate=20 events/s] [seconds=60] [burstEvents=100]}.
 */
public final class LocalEndToEnd {

    private static final String SECRET = "bench-signing-secret";

    private final Workspace workspace = SampleWorkspace.create();
    private final SlackEmulator slack = SlackEmulator.start(workspace);
    private final byte[] thumbnail = TestImages.jpeg(480, 360);
    private final AtomicInteger ids = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int burst = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        new LocalEndToEnd().run(rate, seconds, burst);
    }

    private void run(int rate, int seconds, int burst) throws Exception {
        Path dir = Files.createTempDirectory("local-e2e");
        Path policy = dir.resolve("remove-anything.yaml");
        Files.writeString(policy, """
                name: bench-remove-anything
                taxonomyVersion: 7
                thresholds:
                  Non-Explicit Nudity of Intimate parts and Kissing: { remove: 0 }
                """);
        Map<String, String> settings = Map.of(
                "SLACK_SIGNING_SECRET",
                SECRET,
                "SLACK_BOT_TOKEN",
                BOT_TOKEN,
                "SLACK_ADMIN_TOKEN",
                ADMIN_TOKEN,
                "SLACK_API_URL",
                slack.apiUrl(),
                "SLACK_ALLOWED_HOSTS",
                slack.host(),
                "SLACK_BOT_ID",
                BOT_ID,
                "MODERATORS_CHANNEL",
                MODERATORS,
                "POLICY",
                policy.toString());
        try (LocalRuntime runtime = new LocalRuntime(dir.resolve("data"), settings, "127.0.0.1", 0)) {
            slack.events().requestUrl(runtime.slackEventsUrl(), SECRET);
            System.out.printf("warm-up: %d s at %d events/s%n", 10, rate);
            steady(runtime, rate, 10);
            System.out.printf("measured: %d s at %d events/s, one 480-px JPEG each%n", seconds, rate);
            long[] latencies = steady(runtime, rate, seconds);
            report(latencies, rate);
            burst(runtime, burst);
            long refused = slack.events().httpDeliveries().stream()
                    .filter(d -> d.status() != 200)
                    .count();
            System.out.printf("deliveries the intake did not answer 200: %d%n", refused);
        } finally {
            slack.close();
        }
    }

    /** Posts at a fixed rate; returns POST → files.delete latencies in microseconds, sorted. */
    private long[] steady(LocalRuntime runtime, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        Map<String, Instant> postedAt = new ConcurrentHashMap<>();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        var senders = Executors.newVirtualThreadPerTaskExecutor();
        AtomicInteger sent = new AtomicInteger();
        ticker.scheduleAtFixedRate(
                () -> {
                    if (sent.getAndIncrement() < total) {
                        senders.submit(() -> post(1, postedAt));
                    }
                },
                0,
                1_000_000 / rate,
                TimeUnit.MICROSECONDS);
        awaitDeleted(postedAt, total, Duration.ofSeconds(seconds + 120L));
        ticker.shutdownNow();
        senders.shutdown();
        Map<String, Instant> deletedAt = deletions();
        return postedAt.entrySet().stream()
                .filter(e -> deletedAt.containsKey(e.getKey()))
                .mapToLong(e -> Duration.between(e.getValue(), deletedAt.get(e.getKey()))
                                .toNanos()
                        / 1000)
                .sorted()
                .toArray();
    }

    private void burst(LocalRuntime runtime, int events) throws Exception {
        Map<String, Instant> postedAt = new ConcurrentHashMap<>();
        Instant start = Instant.now();
        try (var senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < events; i++) {
                senders.submit(() -> post(3, postedAt));
            }
        }
        awaitDeleted(postedAt, events * 3, Duration.ofMinutes(5));
        Instant last = deletions().entrySet().stream()
                .filter(e -> postedAt.containsKey(e.getKey()))
                .map(Map.Entry::getValue)
                .max(Instant::compareTo)
                .orElseThrow();
        double secs = Duration.between(start, last).toNanos() / 1e9;
        long failed = runtime.workflow().list().stream()
                .filter(e -> e.status() == Execution.Status.FAILED)
                .count();
        System.out.printf(
                "burst: %d events × 3 images = %d images removed in %.1f s: %.1f images/s sustained (failed executions: %d)%n",
                events, events * 3, secs, events * 3 / secs, failed);
    }

    /** The poster shares {@code images} files; the emulator delivers the signed event as Slack would. */
    private Object post(int images, Map<String, Instant> postedAt) {
        String[] files = new String[images];
        for (int i = 0; i < images; i++) {
            files[i] = String.format("F%08dB", ids.incrementAndGet());
            workspace.file(files[i], files[i] + ".jpg", "image/jpeg", "jpg", POSTER, thumbnail, 480, 360);
        }
        Instant at = Instant.now();
        for (String f : files) {
            postedAt.put(f, at);
        }
        slack.shareFiles(GENERAL, POSTER, "", files);
        return null;
    }

    private void awaitDeleted(Map<String, Instant> postedAt, int expected, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (postedAt.size() >= expected
                    && postedAt.keySet().stream()
                            .allMatch(f -> workspace
                                    .findFile(f)
                                    .map(Workspace.File::isDeleted)
                                    .orElse(false))) {
                return;
            }
            Thread.sleep(100);
        }
        System.err.println("timed out waiting for deletions");
    }

    private Map<String, Instant> deletions() {
        Map<String, Instant> at = new ConcurrentHashMap<>();
        slack.calls("files.delete").forEach(c -> at.putIfAbsent(c.param("file"), c.at()));
        return at;
    }

    private static void report(long[] micros, int rate) {
        if (micros.length == 0) {
            System.out.println("no deletions measured");
            return;
        }
        System.out.printf(
                "share → files.delete over %d events at %d/s: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms, mean %.1f ms%n",
                micros.length,
                rate,
                pct(micros, 50),
                pct(micros, 90),
                pct(micros, 99),
                micros[micros.length - 1] / 1000.0,
                Arrays.stream(micros).average().orElse(0) / 1000.0);
    }

    private static double pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
    }
}

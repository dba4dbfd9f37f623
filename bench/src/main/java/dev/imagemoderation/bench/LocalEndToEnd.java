package dev.imagemoderation.bench;

import static dev.imagemoderation.slackemulator.SampleWorkspace.*;

import dev.imagemoderation.asl.Execution;
import dev.imagemoderation.asl.H2ExecutionStore;
import dev.imagemoderation.slackemulator.SampleWorkspace;
import dev.imagemoderation.slackemulator.SlackEmulator;
import dev.imagemoderation.slackemulator.Workspace;
import dev.imagemoderation.testkit.images.TestImages;
import dev.imagemoderation.testkit.process.LocalModeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Local mode end to end, as Slack drives it: signed events POSTed at a steady rate to the
 * HTTP intake of local mode ({@code LocalMain}, in a JVM of its own so that the Slack
 * emulator's work is not counted as ours: real detector, real runner), with the emulator here
 * holding 480-px JPEG thumbnails; each image is removed under a remove-anything policy.
 * The emulator delivers each event as Slack does (signed POST); latency runs from the share to
 * the emulator receiving {@code files.delete}. Then a burst of three-image events measures
 * sustained executions and images per second, and local mode's CPU time per execution.
 * With {@code -Dbench.jfr=FILE} local mode runs under JFR, and the burst's CPU is split by
 * component ({@link CpuBreakdown}).
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
        Map<String, String> env = new HashMap<>(settings);
        Path data = dir.resolve("data");
        env.put("LOCAL_DATA_DIR", data.toString());
        env.put("LOCAL_PORT", "0");
        env.put("LOCAL_INTAKE_PORT", "0");
        // The figures in bench/README.md are for one model; DETECTOR_MODEL=ensemble in the environment measures that.
        env.put("DETECTOR_MODEL", System.getenv().getOrDefault("DETECTOR_MODEL", "mobilenet_v2"));
        String jfr = System.getProperty("bench.jfr");
        List<String> jvmArgs = new ArrayList<>(List.of("--sun-misc-unsafe-memory-access=allow"));
        if (jfr != null) {
            jvmArgs.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
        }
        Burst measured;
        try (LocalModeProcess local = LocalModeProcess.start(
                System.getProperty("java.class.path"), jvmArgs, env, dir.resolve("local.log"), Duration.ofMinutes(2))) {
            slack.events().requestUrl(local.intakeUrl(), SECRET);
            System.out.printf("warm-up: %d s at %d events/s%n", 10, rate);
            steady(rate, 10);
            System.out.printf("measured: %d s at %d events/s, one 480-px JPEG each%n", seconds, rate);
            long[] latencies = steady(rate, seconds);
            report(latencies, rate);
            measured = burst(local, burst);
            long refused = slack.events().httpDeliveries().stream()
                    .filter(d -> d.status() != 200)
                    .count();
            System.out.printf("deliveries the intake did not answer 200: %d%n", refused);
        } finally {
            slack.close();
        }
        try (var store = new H2ExecutionStore(data.resolve("executions"))) {
            long failed = store.load().stream()
                    .filter(e -> e.status() != Execution.Status.SUCCEEDED)
                    .count();
            System.out.printf("executions not SUCCEEDED: %d%n", failed);
        }
        if (jfr != null) {
            CpuBreakdown.print(Path.of(jfr), measured.start(), measured.end(), measured.cpuMsPerExecution());
        }
    }

    /** The burst's window and local mode's CPU time per execution in it. */
    private record Burst(Instant start, Instant end, double cpuMsPerExecution) {}

    /** Posts at a fixed rate; returns POST → files.delete latencies in microseconds, sorted. */
    private long[] steady(int rate, int seconds) throws Exception {
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

    private Burst burst(LocalModeProcess local, int events) throws Exception {
        Map<String, Instant> postedAt = new ConcurrentHashMap<>();
        Duration cpuBefore = local.cpuTime();
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
        awaitQuiet(Duration.ofSeconds(1)); // the last notices and reports follow the last deletion
        double cpuMs = local.cpuTime().minus(cpuBefore).toNanos() / 1e6;
        double secs = Duration.between(start, last).toNanos() / 1e9;
        System.out.printf(
                "burst: %d events × 3 images = %d images removed in %.1f s: %.1f executions/s, %.1f images/s;"
                        + " local mode's CPU %.1f ms per execution (%.0f %% of 2 cores)%n",
                events,
                events * 3,
                secs,
                events / secs,
                events * 3 / secs,
                cpuMs / events,
                cpuMs / (secs * 1000 * Runtime.getRuntime().availableProcessors()) * 100);
        return new Burst(start, last, cpuMs / events);
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

    /** Until the bot has posted nothing for {@code quiet}. */
    private void awaitQuiet(Duration quiet) throws InterruptedException {
        int posts = -1;
        while (posts != slack.calls("chat.postMessage").size()) {
            posts = slack.calls("chat.postMessage").size();
            Thread.sleep(quiet.toMillis());
        }
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

package dev.imagemoderation.local;

import static dev.imagemoderation.slackemulator.SampleWorkspace.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.asl.Execution;
import dev.imagemoderation.asl.ExecutionStore;
import dev.imagemoderation.asl.H2ExecutionStore;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.slack.SlackRequestVerifier;
import dev.imagemoderation.slackemulator.SampleWorkspace;
import dev.imagemoderation.slackemulator.SlackEmulator;
import dev.imagemoderation.slackemulator.Workspace;
import dev.imagemoderation.testkit.images.TestImages;
import dev.imagemoderation.testkit.process.LocalModeProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's crash, replayed: local mode in a process of its own takes signed events over
 * HTTP from many senders at once and envelopes over Socket Mode, is killed with SIGKILL while
 * it dispatches them, and is started again on the same data directory. Every event it
 * acknowledged (a 200, or a Socket Mode ack) ends in exactly one finished execution, with one
 * channel notice and one moderators' report, and its file removed.
 */
class LocalCrashIT {

    private static final String SIGNING_SECRET = "crash-test-signing-secret";
    private static final int HTTP_EVENTS = 40;
    private static final int HTTP_SENDERS = 8;
    private static final int SOCKET_EVENTS = 20;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void killedWhileDispatching_everyAcknowledgedEventEndsOnce_afterARestart() throws Exception {
        Workspace workspace = SampleWorkspace.create();
        Path data = dir.resolve("data");
        Path log = moduleDir().resolve("target/local-crash-it.log");
        Files.deleteIfExists(log);
        try (SlackEmulator slack = SlackEmulator.start(workspace)) {
            // Slow downloads keep executions in flight and events queued when the kill comes.
            slack.script("download", new SlackEmulator.Fault.Slow(Duration.ofMillis(400)), HTTP_EVENTS);
            Map<String, String> env = env(slack, data, LocalFixtures.removeAnythingPolicy(dir));
            List<String> files = new ArrayList<>();
            for (int i = 0; i < HTTP_EVENTS + SOCKET_EVENTS; i++) {
                String id = String.format("F0CRASH%03d", i);
                workspace.file(
                        id, "photo" + i + ".jpg", "image/jpeg", "jpg", POSTER, TestImages.jpeg(320, 240), 320, 240);
                files.add(id);
            }

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            Set<String> sent = ConcurrentHashMap.newKeySet();
            Map<String, String> fileOfEvent = new ConcurrentHashMap<>();
            LocalModeProcess first = LocalModeProcess.start(
                    LocalModeProcess.builtClasspath(moduleDir()), List.of(), env, log, Duration.ofMinutes(2));
            try {
                await("Socket Mode connected", slack::socketModeConnected, Duration.ofSeconds(30));
                URI intake = first.intakeUrl();
                HttpClient http = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(3))
                        .build();
                try (ExecutorService senders = Executors.newFixedThreadPool(HTTP_SENDERS)) {
                    for (int i = 0; i < HTTP_EVENTS; i++) {
                        String fileId = files.get(i);
                        ObjectNode callback = slack.events().fileShareCallback(slack, GENERAL, POSTER, "", fileId);
                        String eventId = callback.path("event_id").asText();
                        sent.add(eventId);
                        fileOfEvent.put(eventId, fileId);
                        senders.submit(() -> {
                            if (post(http, intake, callback) == 200) {
                                acknowledged.add(eventId);
                            }
                            return null;
                        });
                    }
                    for (int i = HTTP_EVENTS; i < HTTP_EVENTS + SOCKET_EVENTS; i++) {
                        String eventId = slack.shareFiles(GENERAL, POSTER, "", files.get(i));
                        sent.add(eventId);
                        fileOfEvent.put(eventId, files.get(i));
                    }
                }
                await(
                        "every Socket Mode envelope answered",
                        () -> slack.socketModeAckedEvents().size() == SOCKET_EVENTS,
                        Duration.ofSeconds(30));
                acknowledged.addAll(slack.socketModeAckedEvents());
                await("the first removals", () -> slack.calls("files.delete").size() >= 3, Duration.ofSeconds(60));
            } finally {
                first.kill();
            }
            int removedBeforeTheKill = slack.calls("files.delete").size();
            System.out.printf(
                    "killed after %d of %d acknowledged events were removed%n",
                    removedBeforeTheKill, acknowledged.size());
            assertThat(acknowledged).as("HTTP 200s and Socket Mode acks").hasSize(HTTP_EVENTS + SOCKET_EVENTS);
            assertThat(removedBeforeTheKill)
                    .as("killed while dispatching, not after")
                    .isLessThan(HTTP_EVENTS + SOCKET_EVENTS);

            try (LocalModeProcess second = LocalModeProcess.start(
                    LocalModeProcess.builtClasspath(moduleDir()), List.of(), env, log, Duration.ofMinutes(2))) {
                BooleanSupplier allRemoved = () -> acknowledged.stream()
                        .allMatch(e -> workspace
                                .findFile(fileOfEvent.get(e))
                                .orElseThrow()
                                .isDeleted());
                try {
                    await("every acknowledged event's file removed", allRemoved, Duration.ofMinutes(2));
                } catch (AssertionError e) {
                    throw new AssertionError(
                            e.getMessage() + "; still there: "
                                    + acknowledged.stream()
                                            .filter(id -> !workspace
                                                    .findFile(fileOfEvent.get(id))
                                                    .orElseThrow()
                                                    .isDeleted())
                                            .sorted()
                                            .toList(),
                            e);
                }
                try {
                    await(
                            "a notice and a report for each",
                            () -> botMessages(workspace, GENERAL).keySet().containsAll(acknowledged)
                                    && botMessages(workspace, MODERATORS)
                                            .keySet()
                                            .containsAll(acknowledged),
                            Duration.ofMinutes(1));
                } catch (AssertionError e) {
                    throw new AssertionError(
                            e.getMessage() + "; without a notice: "
                                    + acknowledged.stream()
                                            .filter(id -> !botMessages(workspace, GENERAL)
                                                    .containsKey(id))
                                            .sorted()
                                            .toList()
                                    + "; without a report: "
                                    + acknowledged.stream()
                                            .filter(id -> !botMessages(workspace, MODERATORS)
                                                    .containsKey(id))
                                            .sorted()
                                            .toList()
                                    + "; the log: " + log,
                            e);
                }
                Thread.sleep(1000); // a duplicate would show up now, not later
            }

            Map<String, Execution.Status> executions = new HashMap<>();
            try (ExecutionStore store = new H2ExecutionStore(data.resolve("executions"))) {
                store.load().forEach(s -> executions.put(s.name(), s.status()));
            }
            for (String eventId : acknowledged) {
                assertThat(executions.get(TEAM + "-" + eventId))
                        .as("the execution of acknowledged event %s", eventId)
                        .isEqualTo(Execution.Status.SUCCEEDED);
            }
            assertThat(executions.keySet())
                    .as("no execution but for the events sent")
                    .allMatch(name -> sent.contains(name.substring(TEAM.length() + 1)));
            assertThat(botMessages(workspace, GENERAL))
                    .as("one channel notice per event")
                    .allSatisfy(
                            (eventId, count) -> assertThat(count).as(eventId).isOne());
            assertThat(botMessages(workspace, MODERATORS))
                    .as("one moderators' report per event")
                    .allSatisfy(
                            (eventId, count) -> assertThat(count).as(eventId).isOne());
            assertThat(slack.calls("files.delete"))
                    .extracting(c -> c.param("file"))
                    .as("each file deleted")
                    .containsAll(acknowledged.stream().map(fileOfEvent::get).collect(Collectors.toSet()));
        }
    }

    private static Map<String, String> env(SlackEmulator slack, Path data, Path policy) {
        Map<String, String> env = new HashMap<>();
        env.put("SLACK_SIGNING_SECRET", SIGNING_SECRET);
        env.put("SLACK_BOT_TOKEN", BOT_TOKEN);
        env.put("SLACK_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("SLACK_APP_TOKEN", APP_TOKEN);
        env.put("SLACK_API_URL", slack.apiUrl());
        env.put("SLACK_ALLOWED_HOSTS", slack.host());
        env.put("SLACK_BOT_ID", BOT_ID);
        env.put("MODERATORS_CHANNEL", MODERATORS);
        env.put("POLICY", policy.toString());
        env.put(LocalSettings.DATA_DIR, data.toString());
        env.put(LocalSettings.PORT, "0");
        env.put(LocalSettings.INTAKE_PORT, "0");
        return env;
    }

    private static int post(HttpClient http, URI intake, ObjectNode callback) {
        byte[] body = callback.toString().getBytes(StandardCharsets.UTF_8);
        long ts = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(intake)
                .timeout(Duration.ofSeconds(3))
                .header("Content-Type", "application/json")
                .header("X-Slack-Request-Timestamp", Long.toString(ts))
                .header("X-Slack-Signature", SlackRequestVerifier.sign(SIGNING_SECRET, ts, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** How many messages the bot posted in a channel for each event, read from their metadata. */
    private static Map<String, Integer> botMessages(Workspace workspace, String channel) {
        Map<String, Integer> counts = new HashMap<>();
        for (Workspace.Message m : workspace.messagesIn(channel)) {
            if (!m.user().equals(BOT_USER) || m.metadata() == null) {
                continue;
            }
            String eventId;
            try {
                eventId = Json.mapper()
                        .readTree(m.metadata())
                        .path("event_payload")
                        .path("event_id")
                        .asText();
            } catch (java.io.IOException e) {
                throw new AssertionError("the bot's message metadata is not JSON: " + m.metadata(), e);
            }
            counts.merge(eventId, 1, Integer::sum);
        }
        return counts;
    }

    private static Path moduleDir() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("target/classes")) ? here : here.resolve("local");
    }

    private static void await(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(50);
        }
    }
}

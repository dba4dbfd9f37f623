package dev.imagemoderation.local;

import static dev.imagemoderation.slackemulator.SampleWorkspace.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.imagemoderation.asl.Execution;
import dev.imagemoderation.embedded.EmbeddedSqs;
import dev.imagemoderation.slackemulator.SampleWorkspace;
import dev.imagemoderation.slackemulator.SlackEmulator;
import dev.imagemoderation.slackemulator.Workspace;
import dev.imagemoderation.testkit.images.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Nothing accepted from Slack is lost across a stop: events still queued wait in the durable
 * queue, executions in flight resume, and each image ends removed with exactly one notice.
 */
class RestartTest {

    private static final String SIGNING_SECRET = "restart-signing-secret";

    @TempDir
    Path dir;

    @Test
    void stoppedWithExecutionsInFlight_everyEventEndsOnceAfterTheRestart() throws Exception {
        Workspace workspace = SampleWorkspace.create();
        Path policy = LocalFixtures.removeAnythingPolicy(dir);
        int events = 6;
        try (SlackEmulator slack = SlackEmulator.start(workspace)) {
            // Slow downloads keep the first executions in flight when the stop comes.
            slack.script("download", new SlackEmulator.Fault.Slow(Duration.ofMillis(1500)), events);
            Map<String, String> settings = LocalFixtures.slackSettings(slack, SIGNING_SECRET);
            settings.put("POLICY", policy.toString());
            List<String> names = new ArrayList<>();
            Path data = dir.resolve("data");
            try (LocalRuntime first = new LocalRuntime(data, settings, "127.0.0.1", 0)) {
                slack.events().requestUrl(first.slackEventsUrl(), SIGNING_SECRET);
                for (int i = 0; i < events; i++) {
                    String fileId = String.format("F0RESTART%d", i);
                    workspace.file(
                            fileId,
                            "photo" + i + ".jpg",
                            "image/jpeg",
                            "jpg",
                            POSTER,
                            TestImages.jpeg(320, 240),
                            320,
                            240);
                    names.add(TEAM + "-" + slack.shareFiles(GENERAL, POSTER, "", fileId));
                }
                long deadline = System.currentTimeMillis() + 10_000;
                while (slack.events().httpDeliveries().size() < events && System.currentTimeMillis() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(slack.events().httpDeliveries())
                        .extracting(d -> d.status())
                        .containsOnly(200);
                while (first.workflow().list().isEmpty() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(first.workflow().list())
                        .as("in flight at the stop")
                        .anyMatch(e -> e.status() == Execution.Status.RUNNING);
            }

            try (LocalRuntime second = new LocalRuntime(data, settings, "127.0.0.1", 0)) {
                long deadline = System.currentTimeMillis() + 90_000;
                while (System.currentTimeMillis() < deadline
                        && !names.stream().allMatch(n -> {
                            Execution e = second.workflow().describe(n);
                            return e != null && e.status() != Execution.Status.RUNNING;
                        })) {
                    Thread.sleep(100);
                }
                for (String name : names) {
                    Execution e = second.workflow().describe(name);
                    assertThat(e).as(name).isNotNull();
                    assertThat(e.status())
                            .as("%s %s %s", name, e.error(), e.cause())
                            .isEqualTo(Execution.Status.SUCCEEDED);
                }
            }
            for (int i = 0; i < events; i++) {
                assertThat(workspace.findFile("F0RESTART" + i).orElseThrow().isDeleted())
                        .isTrue();
            }
            assertThat(workspace.messagesIn(GENERAL))
                    .filteredOn(m -> m.user().equals(BOT_USER))
                    .hasSize(events);
            assertThat(workspace.messagesIn(MODERATORS)).hasSize(events);
        }
    }

    @Test
    void eventsThatCannotBeDispatchedBeforeTheStop_stayQueuedOnDisk_andAreDispatchedAtTheNextStart() throws Exception {
        Path queueDir = dir.resolve("queue");
        AtomicBoolean stepFunctionsDown = new AtomicBoolean(true);
        List<String> dispatched = new CopyOnWriteArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        RequestHandler<SQSEvent, SQSBatchResponse> dispatcher = (event, context) -> {
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
            for (var m : event.getRecords()) {
                attempts.incrementAndGet();
                if (stepFunctionsDown.get()) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
                } else {
                    dispatched.add(m.getBody());
                }
            }
            return new SQSBatchResponse(failures);
        };
        try (EmbeddedSqs sqs = EmbeddedSqs.startDurable(queueDir);
                SqsClient client = sqs.client()) {
            String queue = sqs.createQueue("events");
            try (QueuePoller poller = new QueuePoller(client, queue, dispatcher, queueDir)) {
                for (int i = 0; i < 3; i++) {
                    int n = i;
                    client.sendMessage(b -> b.queueUrl(queue).messageBody("{\"eventId\":\"Ev" + n + "\"}"));
                }
                awaitTrue(() -> attempts.get() >= 3);
            }
            assertThat(dispatched).isEmpty();
        }

        stepFunctionsDown.set(false);
        try (EmbeddedSqs sqs = EmbeddedSqs.startDurable(queueDir);
                SqsClient client = sqs.client();
                QueuePoller next = new QueuePoller(client, sqs.createQueue("events"), dispatcher, queueDir)) {
            awaitTrue(() -> dispatched.size() >= 3);
            assertThat(dispatched)
                    .containsExactlyInAnyOrder(
                            "{\"eventId\":\"Ev0\"}", "{\"eventId\":\"Ev1\"}", "{\"eventId\":\"Ev2\"}");
        }
    }

    /** Versions before the durable queue wrote what they could not dispatch at a stop to {@code pending.jsonl}. */
    @Test
    void eventsAnEarlierVersionSetAsideAtItsStop_areQueuedAgain_once() throws Exception {
        Path queueDir = dir.resolve("queue");
        Files.createDirectories(queueDir);
        Files.writeString(queueDir.resolve("pending.jsonl"), "{\"eventId\":\"Ev7\"}\n{\"eventId\":\"Ev8\"}\n");
        List<String> dispatched = new CopyOnWriteArrayList<>();
        RequestHandler<SQSEvent, SQSBatchResponse> dispatcher = (event, context) -> {
            event.getRecords().forEach(m -> dispatched.add(m.getBody()));
            return new SQSBatchResponse(List.of());
        };
        try (EmbeddedSqs sqs = EmbeddedSqs.startDurable(queueDir);
                SqsClient client = sqs.client();
                QueuePoller poller = new QueuePoller(client, sqs.createQueue("events"), dispatcher, queueDir)) {
            awaitTrue(() -> dispatched.size() >= 2);
            assertThat(dispatched).containsExactlyInAnyOrder("{\"eventId\":\"Ev7\"}", "{\"eventId\":\"Ev8\"}");
            assertThat(queueDir.resolve("pending.jsonl")).doesNotExist();
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as("in 20 s").isTrue();
    }
}

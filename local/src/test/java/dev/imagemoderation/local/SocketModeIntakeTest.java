package dev.imagemoderation.local;

import static dev.imagemoderation.slackemulator.SampleWorkspace.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagemoderation.core.ingest.EventTriage;
import dev.imagemoderation.core.ingest.IngestRules;
import dev.imagemoderation.core.review.ClickTriage;
import dev.imagemoderation.core.slack.HostAllowlist;
import dev.imagemoderation.embedded.EmbeddedSqs;
import dev.imagemoderation.ingest.IngestService;
import dev.imagemoderation.ingest.InteractionIntake;
import dev.imagemoderation.ingest.SqsEventQueue;
import dev.imagemoderation.slack.SlackApi;
import dev.imagemoderation.slackemulator.SampleWorkspace;
import dev.imagemoderation.slackemulator.SlackEmulator;
import dev.imagemoderation.slackemulator.Workspace;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Socket Mode acknowledges an envelope only once the queue holds its event: with the queue
 * down the envelope stays unacknowledged, so Slack delivers it again, and nothing is lost.
 */
class SocketModeIntakeTest {

    private final Workspace workspace = SampleWorkspace.create();

    @Test
    void anEnvelopeIsAcknowledgedAfterQueueing_andNotAtAllWhenTheQueueIsDown() throws Exception {
        AtomicInteger received = new AtomicInteger();
        try (SlackEmulator slack = SlackEmulator.start(workspace);
                EmbeddedSqs sqs = EmbeddedSqs.start();
                var client = sqs.client(Duration.ofSeconds(2))) {
            String queue = sqs.createQueue("events");
            IngestService service = new IngestService(
                    new EventTriage(new IngestRules(APP_ID, BOT_ID, Set.of(), Set.of()), Clock.systemUTC()),
                    new SqsEventQueue(client, queue));
            SlackApi api = new SlackApi(slack.apiUrl(), HostAllowlist.slackPlus(Set.of(slack.host())));
            try (SocketModeIntake intake = new SocketModeIntake(
                    api,
                    () -> APP_TOKEN,
                    service,
                    new InteractionIntake(new ClickTriage(Clock.systemUTC()), new SqsEventQueue(client, queue)),
                    received::incrementAndGet)) {
                awaitConnected(slack);
                workspace.file("F0SOCKOK01", "a.png", "image/png", "png", POSTER, new byte[] {1}, 100, 100);
                slack.shareFiles(GENERAL, POSTER, "", "F0SOCKOK01");
                await(() -> slack.socketModeAcks().size() == 1);
                assertThat(client.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(1))
                                .messages())
                        .singleElement()
                        .satisfies(m -> assertThat(m.body()).contains("F0SOCKOK01"));

                sqs.close(); // the queue goes away
                workspace.file("F0SOCKNO01", "b.png", "image/png", "png", POSTER, new byte[] {1}, 100, 100);
                slack.shareFiles(GENERAL, POSTER, "", "F0SOCKNO01");
                await(() -> received.get() == 2);
                Thread.sleep(3000); // longer than the queue call's timeout
                assertThat(slack.socketModeAcks()).hasSize(1);
                assertThat(slack.socketModeUnacknowledged()).hasSize(1);
            }
        }
    }

    private static void awaitConnected(SlackEmulator slack) throws InterruptedException {
        await(slack::socketModeConnected);
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}

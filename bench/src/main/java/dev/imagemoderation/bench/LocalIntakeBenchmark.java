package dev.imagemoderation.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.imagemoderation.core.ingest.EventTriage;
import dev.imagemoderation.core.ingest.IngestRules;
import dev.imagemoderation.core.review.ClickTriage;
import dev.imagemoderation.core.slack.SlackEnvelopeParser;
import dev.imagemoderation.core.slack.SlackRequestVerifier;
import dev.imagemoderation.embedded.EmbeddedSqs;
import dev.imagemoderation.ingest.IngestService;
import dev.imagemoderation.ingest.InteractionIntake;
import dev.imagemoderation.ingest.SlackEventsEndpoint;
import dev.imagemoderation.ingest.SlackEventsHandler;
import dev.imagemoderation.ingest.SlackInteractionsEndpoint;
import dev.imagemoderation.ingest.SqsEventQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Local mode's intake, all of its own work: the signed 3-image event through the ingest
 * handler, then {@code SendMessage} over HTTP to the embedded ElasticMQ, in memory or with
 * its SQL store (every message in H2 before the answer). The two side by side are the cost
 * of durability.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Dlogback.configurationFile=logback-bench.xml", "--sun-misc-unsafe-memory-access=allow"})
public class LocalIntakeBenchmark {

    @Param({"memory", "durable"})
    public String queue;

    private Path dir;
    private EmbeddedSqs sqs;
    private SqsClient client;
    private String queueUrl;
    private SlackEventsHandler handler;
    private APIGatewayV2HTTPEvent event;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("intake-bench");
        sqs = queue.equals("durable") ? EmbeddedSqs.startDurable(dir) : EmbeddedSqs.start();
        client = sqs.client();
        queueUrl = sqs.createQueue("events");
        Clock clock = Clock.systemUTC();
        var rules = new IngestRules("A0MODBOT01", "B0MODBOT01", Set.of(), Set.of());
        SqsEventQueue queue = new SqsEventQueue(client, queueUrl);
        handler = new SlackEventsHandler(
                new SlackEventsEndpoint(
                        () -> IngestFixture.SECRET,
                        new SlackRequestVerifier(clock),
                        new SlackEnvelopeParser(),
                        new IngestService(new EventTriage(rules, clock), queue)),
                new SlackInteractionsEndpoint(
                        () -> IngestFixture.SECRET,
                        new SlackRequestVerifier(clock),
                        new InteractionIntake(new ClickTriage(clock), queue)));
        event = IngestFixture.signedEvent();
        APIGatewayV2HTTPResponse first = handler.handleRequest(event, null);
        if (first.getStatusCode() != 200) {
            throw new IllegalStateException("fixture is not accepted: HTTP " + first.getStatusCode());
        }
    }

    /** A drained queue, as local mode's dispatcher keeps it, so that the store does not grow run after run. */
    @TearDown(Level.Iteration)
    public void drain() {
        client.purgeQueue(b -> b.queueUrl(queueUrl));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
        sqs.close();
    }

    @Benchmark
    public APIGatewayV2HTTPResponse signedThreeImageEventIntoTheQueue() {
        return handler.handleRequest(event, null);
    }
}

package dev.imagemoderation.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Warm latency of the ingest Lambda handler for a signed 3-image event (verify the
 * signature, parse, triage, serialise, log and "queue" in memory) and for a signed click on
 * a report's button (the interactions path, the same steps). SampleTime mode
 * gives the distribution (p50, p99). Logs go through the production JSON encoder
 * into a file (logback-bench.xml) so their cost is counted without flooding JMH.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dlogback.configurationFile=logback-bench.xml")
public class IngestHandlerBenchmark {

    private IngestFixture fixture;
    private APIGatewayV2HTTPEvent event;
    private APIGatewayV2HTTPEvent click;

    @Setup(Level.Trial)
    public void setUp() {
        fixture = new IngestFixture();
        // Signed once: the 5-minute window is longer than the run.
        event = IngestFixture.signedEvent();
        click = IngestFixture.signedClick();
        for (APIGatewayV2HTTPEvent e : new APIGatewayV2HTTPEvent[] {event, click}) {
            APIGatewayV2HTTPResponse first = fixture.handler.handleRequest(e, null);
            if (first.getStatusCode() != 200 || fixture.queue.lastLength() == 0) {
                throw new IllegalStateException(
                        "fixture is not accepted: HTTP " + first.getStatusCode() + " " + first.getBody());
            }
        }
    }

    /** A moderator's click: signature, form and JSON parse, triage, the action queued. */
    @Benchmark
    public APIGatewayV2HTTPResponse signedClick() {
        return fixture.handler.handleRequest(click, null);
    }

    @Benchmark
    public APIGatewayV2HTTPResponse signedThreeImageEvent() {
        return fixture.handler.handleRequest(event, null);
    }
}

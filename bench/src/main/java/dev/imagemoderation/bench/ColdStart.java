package dev.imagemoderation.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.lang.management.ManagementFactory;

/**
 * Time from JVM start to the first handled request: what a Lambda without SnapStart
 * pays on a cold start (class loading, Jackson and logging init, first signature).
 * The request itself is built before the clock starts, as the Lambda runtime would
 * hand it over. Run in a fresh JVM each time; bench/cold-start.sh repeats it.
 */
public final class ColdStart {

    private ColdStart() {}

    public static void main(String[] args) {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        APIGatewayV2HTTPEvent event = IngestFixture.signedEvent();
        long initStart = System.nanoTime();
        IngestFixture fixture = new IngestFixture();
        long wired = System.nanoTime();
        int status = fixture.handler.handleRequest(event, null).getStatusCode();
        long handled = System.nanoTime();
        if (status != 200) {
            throw new IllegalStateException("first request answered " + status);
        }
        long handledWallMs = System.currentTimeMillis();
        System.out.printf(
                "cold-start init_ms=%.1f first_request_ms=%.1f jvm_to_first_response_ms=%d%n",
                (wired - initStart) / 1e6, (handled - wired) / 1e6, handledWallMs - jvmStart);
    }
}

package dev.imagemoderation.asl;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/**
 * What the runner's one-feature tests share: a runner for each test with the functions it
 * registered, Wait states recorded in {@link #sleeps} instead of slept.
 */
abstract class RunnerTestBase {

    protected final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    protected final LambdaFunctions lambdas = new LambdaFunctions();
    protected LocalStepFunctions sfn;

    /** After each test, and by a test that starts a second runner on purpose. */
    @AfterEach
    protected void close() {
        if (sfn != null) {
            sfn.close();
        }
    }

    /** Runs {@code definition} once on {@code input} and waits (30 s at most) for it to end. */
    protected Execution run(String definition, String input) throws Exception {
        sfn = LocalStepFunctions.builder("test", definition)
                .lambdas(lambdas)
                .sleeper(sleeps::add)
                .maxConcurrent(4)
                .build();
        return sfn.start("run-1", input).completion().get(30, TimeUnit.SECONDS);
    }

    protected static String jsonata(String states, String startAt) {
        return "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"" + startAt + "\",\"States\":{" + states + "}}";
    }

    protected void function(String name, RequestHandler<Map<String, Object>, Object> handler) {
        lambdas.register(name, handler);
    }
}

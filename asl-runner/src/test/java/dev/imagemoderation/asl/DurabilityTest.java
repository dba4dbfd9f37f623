package dev.imagemoderation.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runner stopped mid-execution resumes it at the next start, from the state it was in. */
class DurabilityTest {

    private static final String DEFINITION = """
            {"QueryLanguage":"JSONata","StartAt":"First","States":{
              "First":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                       "Arguments":{"FunctionName":"first","Payload":"{% $merge([$states.input, {'redrives': $states.context.Execution.RedriveCount}]) %}"},
                       "Output":"{% $states.result.Payload %}","Assign":{"fromFirst":"{% $states.result.Payload.n %}"},
                       "Next":"Pause"},
              "Pause":{"Type":"Wait","Seconds":30,"Next":"Second"},
              "Second":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                       "Arguments":{"FunctionName":"second","Payload":{"n":"{% $fromFirst %}","redrives":"{% $states.context.Execution.RedriveCount %}"}},
                       "Output":"{% $states.result.Payload %}","End":true}}}
            """;

    private final AtomicInteger firstCalls = new AtomicInteger();
    private final AtomicInteger secondCalls = new AtomicInteger();
    private final Map<String, Object> redrivesSeen = new ConcurrentHashMap<>();

    private LambdaFunctions lambdas() {
        RequestHandler<Map<String, Object>, Object> first = (in, ctx) -> {
            redrivesSeen.put("first", String.valueOf(in.get("redrives")));
            return Map.of("n", firstCalls.incrementAndGet() * 10);
        };
        RequestHandler<Map<String, Object>, Object> second = (in, ctx) -> {
            redrivesSeen.put("second", String.valueOf(in.get("redrives")));
            secondCalls.incrementAndGet();
            return Map.of("got", in.get("n"));
        };
        return new LambdaFunctions().register("first", first).register("second", second);
    }

    /** StartExecution's answer lets the caller delete its queue message: the execution must outlive {@code kill -9}. */
    @Test
    void everyAnsweredStart_survivesTheProcessBeingKilled(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("executions");
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(
                        javaCommand,
                        "-cp",
                        System.getProperty("java.class.path"),
                        KilledRunnerStarter.class.getName(),
                        db.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Set<String> answered = new HashSet<>();
        try (var out = new java.io.BufferedReader(
                new java.io.InputStreamReader(child.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && answered.size() < 100) {
                if (line.startsWith("started ")) {
                    answered.add(line.substring(8));
                }
            }
        }
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        try (var store = new H2ExecutionStore(db)) {
            assertThat(store.load()).extracting(ExecutionStore.Stored::name).containsAll(answered);
        }
    }

    @Test
    void stoppedDuringAWait_resumesAtTheWait_withItsVariables_andKeepsItsHistory(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("executions");
        var before = LocalStepFunctions.builder("m", DEFINITION)
                .lambdas(lambdas())
                .sleeper(d -> Thread.sleep(60_000))
                .maxConcurrent(2)
                .store(new H2ExecutionStore(db))
                .build();
        Execution started = before.start("T1-Ev1", "{\"x\":1}");
        long deadline = System.currentTimeMillis() + 10_000;
        while (started.history().stream().noneMatch(e -> e.type().equals("WaitStateEntered"))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        before.close();
        int eventsBefore = started.history().size();

        var after = LocalStepFunctions.builder("m", DEFINITION)
                .lambdas(lambdas())
                .sleeper(d -> {})
                .maxConcurrent(2)
                .store(new H2ExecutionStore(db))
                .build();
        Execution resumed = after.describe("T1-Ev1");
        // Restored, but nothing runs before the owner says everything its tasks need is up.
        Thread.sleep(200);
        assertThat(resumed.status()).isEqualTo(Execution.Status.RUNNING);
        assertThat(secondCalls).hasValue(0);
        after.resumeRunning();
        resumed.completion().get(10, TimeUnit.SECONDS);

        assertThat(resumed.status()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(resumed.output().path("got").asInt()).isEqualTo(10);
        assertThat(firstCalls).hasValue(1);
        assertThat(secondCalls).hasValue(1);
        // A resume is this runner's redrive: tasks after it can tell an earlier try may have acted.
        assertThat(redrivesSeen).containsEntry("first", "0").containsEntry("second", "1");
        assertThat(resumed.history().size()).isGreaterThan(eventsBefore);
        assertThat(resumed.history())
                .extracting(HistoryEvent::type)
                .contains("ExecutionStarted", "ExecutionResumed", "ExecutionSucceeded");
        for (int i = 0; i < resumed.history().size(); i++) {
            assertThat(resumed.history().get(i).id()).isEqualTo(i + 1);
        }
        assertThatThrownBy(() -> after.start("T1-Ev1", "{\"x\":1}"))
                .isInstanceOf(ExecutionAlreadyExistsException.class);
        after.close();

        var later = LocalStepFunctions.builder("m", DEFINITION)
                .lambdas(lambdas())
                .sleeper(d -> {})
                .maxConcurrent(2)
                .store(new H2ExecutionStore(db))
                .build();
        assertThat(later.describe("T1-Ev1").status()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(later.describe("T1-Ev1").history()).hasSameSizeAs(resumed.history());
        assertThat(secondCalls).hasValue(1);
        later.close();
    }

    @Test
    void aFailedExecution_canBeRedrivenAfterARestart_fromTheStateThatFailed(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("executions");
        java.util.concurrent.atomic.AtomicBoolean fixed = new java.util.concurrent.atomic.AtomicBoolean();
        RequestHandler<Map<String, Object>, Object> flaky = (in, ctx) -> {
            secondCalls.incrementAndGet();
            if (!fixed.get()) {
                throw new IllegalStateException("not yet");
            }
            return Map.of("got", in.get("n"));
        };
        var before = LocalStepFunctions.builder("m", DEFINITION)
                .lambdas(lambdas().register("second", flaky))
                .sleeper(d -> {})
                .maxConcurrent(2)
                .store(new H2ExecutionStore(db))
                .build();
        Execution failed = before.start("T1-Ev2", "{\"x\":1}").completion().get(10, TimeUnit.SECONDS);
        assertThat(failed.status()).isEqualTo(Execution.Status.FAILED);
        before.close();

        fixed.set(true);
        var after = LocalStepFunctions.builder("m", DEFINITION)
                .lambdas(lambdas().register("second", flaky))
                .sleeper(d -> {})
                .maxConcurrent(2)
                .store(new H2ExecutionStore(db))
                .build();
        Execution redriven = after.redrive("T1-Ev2").completion().get(10, TimeUnit.SECONDS);

        assertThat(redriven.status())
                .as("%s %s", redriven.error(), redriven.cause())
                .isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(redriven.output().path("got").asInt()).isEqualTo(10);
        assertThat(firstCalls).as("the state that succeeded ran once").hasValue(1);
        assertThat(secondCalls).hasValue(2);
        after.close();
    }
}

package dev.imagemoderation.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagemoderation.asl.internal.Executor;
import dev.imagemoderation.asl.internal.State;
import dev.imagemoderation.asl.internal.Values;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Small definitions, one feature each, checked against what Step Functions documents. */
class RunnerSemanticsTest extends RunnerTestBase {

    private static String task(String name, String function, String extra) {
        return "\"" + name + "\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
                + "\"Arguments\":{\"FunctionName\":\"" + function + "\",\"Payload\":\"{% $states.input %}\"},"
                + "\"Output\":\"{% $states.result.Payload %}\"" + extra + "}";
    }

    private static List<String> types(Execution e) {
        return e.history().stream().map(HistoryEvent::type).toList();
    }

    @Test
    void pass_outputAndAssign_areEvaluatedAgainstTheVariablesBeforeTheState() throws Exception {
        Execution e = run(jsonata("""
                "Init":{"Type":"Pass","Assign":{"x":1},"Next":"Both"},
                "Both":{"Type":"Pass","Assign":{"x":"{% $x + 1 %}"},"Output":{"seen":"{% $x %}"},"Next":"After"},
                "After":{"Type":"Pass","Output":{"seen":"{% $states.input.seen %}","now":"{% $x %}"},"End":true}
                """, "Init"), "{}");

        assertThat(e.status()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(e.output().toString()).isEqualTo("{\"seen\":1,\"now\":2}");
    }

    @Test
    void context_namesTheStateInOutputAndAssign() throws Exception {
        Execution e = run(jsonata("""
                "First":{"Type":"Pass","Assign":{"was":"{% $states.context.State.Name %}"},"Next":"Second"},
                "Second":{"Type":"Pass","Output":{"here":"{% $states.context.State.Name %}","was":"{% $was %}",
                          "execution":"{% $states.context.Execution.Name %}"},"End":true}
                """, "First"), "{}");

        assertThat(e.output().toString()).isEqualTo("{\"here\":\"Second\",\"was\":\"First\",\"execution\":\"run-1\"}");
    }

    @Test
    void choice_takesTheFirstTrueCondition_andFailsWhenNothingMatchesWithoutDefault() throws Exception {
        String def = jsonata("""
                "C":{"Type":"Choice","Choices":[
                   {"Condition":"{% $states.input.n > 10 %}","Next":"Big","Output":{"size":"big"}},
                   {"Condition":"{% $states.input.n > 5 %}","Next":"Big","Output":{"size":"medium"}}]},
                "Big":{"Type":"Succeed"}
                """, "C");

        assertThat(run(def, "{\"n\":7}").output().path("size").asText()).isEqualTo("medium");
        sfn.close();
        Execution none = run(def, "{\"n\":1}");
        assertThat(none.status()).isEqualTo(Execution.Status.FAILED);
        assertThat(none.error()).isEqualTo("States.NoChoiceMatched");
    }

    @Test
    void retry_countsAttempts_backsOff_andExposesRetryCount() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        function("flaky", (in, ctx) -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("not yet");
            }
            return Map.of("ok", true);
        });

        Execution e = run(
                jsonata(
                        task("T", "flaky", """
                ,"Retry":[{"ErrorEquals":["java.lang.IllegalStateException"],"IntervalSeconds":2,"MaxAttempts":3,"BackoffRate":3}],
                "Assign":{"retries":"{% $states.context.State.RetryCount %}"},"Next":"S"
                """)
                                + ",\"S\":{\"Type\":\"Pass\",\"Output\":\"{% $retries %}\",\"End\":true}",
                        "T"),
                "{}");

        assertThat(e.status()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(calls).hasValue(3);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(6));
        assertThat(types(e).stream().filter(t -> t.equals("TaskFailed"))).hasSize(2);
        assertThat(e.output().asInt()).isEqualTo(2);
    }

    @Test
    void retry_exhausted_thenCatch_routesWithErrorOutputAndAssign() throws Exception {
        function("broken", (in, ctx) -> {
            throw new UnsupportedOperationException("never works");
        });

        Execution e = run(
                jsonata(
                        task("T", "broken", """
                ,"Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":2}],
                "Catch":[{"ErrorEquals":["java.lang.UnsupportedOperationException"],"Next":"Handled",
                          "Assign":{"why":"{% $parse($states.errorOutput.Cause).errorMessage %}"},
                          "Output":{"error":"{% $states.errorOutput.Error %}"}}],"End":true
                """)
                                + ",\"Handled\":{\"Type\":\"Pass\",\"Output\":{\"error\":\"{% $states.input.error %}\",\"why\":\"{% $why %}\"},\"End\":true}",
                        "T"),
                "{}");

        assertThat(e.status()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(sleeps).hasSize(2);
        assertThat(e.output().path("error").asText()).isEqualTo("java.lang.UnsupportedOperationException");
        assertThat(e.output().path("why").asText()).isEqualTo("never works");
    }

    @Test
    void lambdaFailure_isNamedByExceptionClass_withLambdaStyleCause() throws Exception {
        function("boom", (in, ctx) -> {
            throw new IllegalArgumentException("bad input");
        });

        Execution e = run(jsonata(task("T", "boom", ",\"End\":true"), "T"), "{}");

        assertThat(e.status()).isEqualTo(Execution.Status.FAILED);
        assertThat(e.error()).isEqualTo("java.lang.IllegalArgumentException");
        JsonNode cause = Values.MAPPER.readTree(e.cause());
        assertThat(cause.path("errorMessage").asText()).isEqualTo("bad input");
        assertThat(cause.path("errorType").asText()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(cause.path("stackTrace").isArray()).isTrue();
    }

    @Test
    void backoff_withFullJitter_staysWithinZeroAndTheCappedDelay() {
        var retrier = new State.Retrier(List.of("States.ALL"), 2, 10, 2, 60.0, true);
        Random random = new Random(42);
        for (int n = 1; n <= 10; n++) {
            double cap = Math.min(60, 2 * Math.pow(2, n - 1));
            for (int i = 0; i < 50; i++) {
                Duration d = Executor.backoff(retrier, n, random);
                assertThat(d.toMillis()).isBetween(0L, (long) (cap * 1000));
            }
        }
        var noJitter = new State.Retrier(List.of("States.ALL"), 2, 10, 2, 60.0, false);
        assertThat(Executor.backoff(noJitter, 7, random)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void map_keepsItemOrder_boundsConcurrency_andScopesVariables() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        function("slowDouble", (in, ctx) -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20L * (5 - ((Number) in.get("value")).intValue()));
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return Map.of(
                    "value",
                    ((Number) in.get("value")).intValue() * 2,
                    "index",
                    in.get("index"),
                    "outer",
                    in.get("outer"));
        });

        Execution e = run(
                jsonata("""
                "Init":{"Type":"Pass","Assign":{"outer":"visible"},"Next":"M"},
                "M":{"Type":"Map","Items":"{% $states.input.values %}","MaxConcurrency":2,
                     "ItemSelector":{"value":"{% $states.context.Map.Item.Value %}","index":"{% $states.context.Map.Item.Index %}"},
                     "ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"Mark","States":{
                        "Mark":{"Type":"Pass","Assign":{"inner":"only inside"},
                                "Output":{"value":"{% $states.input.value %}","index":"{% $states.input.index %}","outer":"{% $outer %}"},
                                "Next":"Double"},
                        DOUBLE_TASK}},
                     "Next":"Check"},
                "Check":{"Type":"Pass","Output":{"results":"{% $states.input %}","inner":"{% $exists($inner) %}"},"End":true}
                """.replace("DOUBLE_TASK", task("Double", "slowDouble", ",\"End\":true")), "Init"),
                "{\"values\":[1,2,3,4]}");

        assertThat(e.status()).as(e.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(e.output().path("results").findValuesAsText("value")).containsExactly("2", "4", "6", "8");
        assertThat(e.output().path("results").findValuesAsText("index")).containsExactly("0", "1", "2", "3");
        assertThat(e.output().path("results").findValuesAsText("outer")).containsOnly("visible");
        assertThat(e.output().path("inner").asBoolean()).isFalse();
        assertThat(maxInFlight.get()).isLessThanOrEqualTo(2);
        assertThat(types(e))
                .contains("MapRunStarted", "MapIterationStarted", "MapIterationSucceeded", "MapRunSucceeded");
    }

    @Test
    void parallel_branchFailure_failsTheState_andItsCatchHandlesIt() throws Exception {
        function("ok", (in, ctx) -> Map.of("fine", true));
        function("bad", (in, ctx) -> {
            throw new IllegalStateException("branch broke");
        });

        Execution e = run(
                jsonata("""
                "P":{"Type":"Parallel","Branches":[
                    {"StartAt":"A","States":{%s}},
                    {"StartAt":"B","States":{%s}}],
                  "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],"End":true},
                "Caught":{"Type":"Pass","End":true}
                """.formatted(task("A", "ok", ",\"End\":true"), task("B", "bad", ",\"End\":true")), "P"), "{}");

        assertThat(e.status()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(e.output().path("Error").asText()).isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void jsonataError_isQueryEvaluationError_andEvalIsRefusedAtLoad() throws Exception {
        Execution e = run(
                jsonata(
                        "\"P\":{\"Type\":\"Pass\",\"Output\":\"{% $number('not a number') + $x.y.z() %}\",\"End\":true}",
                        "P"),
                "{}");

        assertThat(e.status()).isEqualTo(Execution.Status.FAILED);
        assertThat(e.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(types(e)).contains("EvaluationFailed");
        assertThatThrownBy(() -> run(
                        jsonata("\"P\":{\"Type\":\"Pass\",\"Output\":\"{% $eval('1+1') %}\",\"End\":true}", "P"), "{}"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("$eval");
    }

    @Test
    void taskTimeout_failsWithStatesTimeout() throws Exception {
        function("sleepy", (in, ctx) -> {
            try {
                Thread.sleep(5000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            return Map.of();
        });

        Execution e = run(jsonata(task("T", "sleepy", ",\"TimeoutSeconds\":1,\"End\":true"), "T"), "{}");

        assertThat(e.error()).isEqualTo("States.Timeout");
        assertThat(types(e)).contains("TaskTimedOut");
    }

    @Test
    void waitAndFail_evaluateTheirExpressions() throws Exception {
        Execution e = run(jsonata("""
                "W":{"Type":"Wait","Seconds":"{% $states.input.delay * 2 %}","Next":"F"},
                "F":{"Type":"Fail","Error":"{% 'Custom.' & $states.input.kind %}","Cause":"{% 'waited ' & $states.input.delay %}"}
                """, "W"), "{\"delay\":3,\"kind\":\"Stop\"}");

        assertThat(sleeps).containsExactly(Duration.ofSeconds(6));
        assertThat(e.error()).isEqualTo("Custom.Stop");
        assertThat(e.cause()).isEqualTo("waited 3");
    }

    @Test
    void executionNames_followStepFunctionsRules() throws Exception {
        String def = jsonata("\"W\":{\"Type\":\"Wait\",\"Seconds\":0,\"End\":true}", "W");
        sfn = LocalStepFunctions.builder("test", def)
                .lambdas(lambdas)
                .sleeper(d -> Thread.sleep(300))
                .maxConcurrent(4)
                .build();

        Execution first = sfn.start("T1-Ev1", "{\"a\":1}");
        assertThat(sfn.start("T1-Ev1", "{\"a\":1}")).isSameAs(first);
        assertThatThrownBy(() -> sfn.start("T1-Ev1", "{\"a\":2}")).isInstanceOf(ExecutionAlreadyExistsException.class);
        first.completion().get(5, TimeUnit.SECONDS);
        assertThatThrownBy(() -> sfn.start("T1-Ev1", "{\"a\":1}")).isInstanceOf(ExecutionAlreadyExistsException.class);
        for (String bad : List.of("", "has space", "a/b", "x".repeat(81), "semi;colon", "star*")) {
            assertThatThrownBy(() -> sfn.start(bad, "{}")).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void redrive_runsAFailedExecutionAgainFromTheStateThatFailed_withItsVariables_andCountsTheRedrive()
            throws Exception {
        java.util.concurrent.atomic.AtomicInteger prepared = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean fixed = new java.util.concurrent.atomic.AtomicBoolean();
        function("Prepare", (in, ctx) -> Map.of("n", prepared.incrementAndGet()));
        function("Flaky", (in, ctx) -> {
            if (!fixed.get()) {
                throw new IllegalStateException("not yet");
            }
            return in;
        });
        String def = jsonata(
                task(
                                "First",
                                "Prepare",
                                ",\"Assign\":{\"kept\":\"{% $states.result.Payload.n %}\"},\"Next\":\"Second\"")
                        + ",\"Second\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
                        + "\"Arguments\":{\"FunctionName\":\"Flaky\",\"Payload\":\"{% $states.input %}\"},"
                        + "\"Output\":{\"kept\":\"{% $kept %}\",\"redrives\":\"{% $states.context.Execution.RedriveCount %}\"},"
                        + "\"End\":true}",
                "First");
        Execution failed = run(def, "{}");
        assertThat(failed.status()).isEqualTo(Execution.Status.FAILED);
        assertThatThrownBy(() -> sfn.redrive("no-such"))
                .isInstanceOf(StatesError.class)
                .hasMessageContaining("Does Not Exist");

        fixed.set(true);
        Execution redriven = sfn.redrive("run-1").completion().get(30, TimeUnit.SECONDS);

        assertThat(redriven.status())
                .as("%s %s", redriven.error(), redriven.cause())
                .isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(redriven.output().toString()).isEqualTo("{\"kept\":1,\"redrives\":1}");
        assertThat(prepared).as("the state that succeeded is not run again").hasValue(1);
        assertThat(redriven.history()).extracting(HistoryEvent::type).contains("ExecutionFailed", "ExecutionRedriven");
        assertThatThrownBy(() -> sfn.redrive("run-1"))
                .isInstanceOf(StatesError.class)
                .satisfies(e -> assertThat(((StatesError) e).error()).isEqualTo("Sfn.ExecutionNotRedrivableException"));
    }

    @Test
    void history_eventsAreNumberedAndLinked() throws Exception {
        Execution e = run(jsonata("\"P\":{\"Type\":\"Pass\",\"End\":true}", "P"), "{\"x\":1}");

        List<HistoryEvent> h = e.history();
        assertThat(h)
                .extracting(HistoryEvent::type)
                .containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
        for (int i = 0; i < h.size(); i++) {
            assertThat(h.get(i).id()).isEqualTo(i + 1);
            assertThat(h.get(i).previousEventId()).isEqualTo(i);
        }
    }

    @Test
    void load_reportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> run("""
                {"QueryLanguage":"JSONata","StartAt":"A","States":{
                  "A":{"Type":"Pass","Next":"Nowhere","ResultPath":"$.x"},
                  "Orphan":{"Type":"Pass","End":true},
                  "T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","End":true},
                  "Odd":{"Type":"Teleport"}}}
                """, "{}"))
                .isInstanceOfSatisfying(
                        InvalidDefinitionException.class,
                        ex -> assertThat(ex.problems())
                                .contains(
                                        "A: field 'ResultPath' is not valid in a Pass state (a JSONPath field; this runner runs JSONata definitions)",
                                        "A: transition to unknown state 'Nowhere'",
                                        "Orphan: unreachable from StartAt",
                                        "T: Resource 'arn:aws:states:::sqs:sendMessage' has no handler in this runner",
                                        "Odd: unknown Type 'Teleport'"));
    }

    @Test
    void load_jsonPathStateThatNeedsJsonPath_isRefusedClearly() throws Exception {
        // A JSONPath Pass without fields runs (AWS runs it too); a JSONPath Task would need path processing.
        assertThat(run("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}", "{\"a\":1}")
                        .output()
                        .path("a")
                        .asInt())
                .isEqualTo(1);
        assertThatThrownBy(() -> run(
                        "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
                                + "\"Parameters\":{\"FunctionName\":\"f\"},\"End\":true}}}",
                        "{}"))
                .hasMessageContaining("T: field 'Parameters' of this JSONPath Task state needs JSONPath processing");
    }

    @Test
    void stepFunctionsFunctions_areAvailable() throws Exception {
        Execution e = run(jsonata("""
                "P":{"Type":"Pass","Output":{"parts":"{% $partition([1,2,3,4,5], 2) %}","range":"{% $range(0, 4, 2) %}",
                     "parsed":"{% $parse('{\\"a\\":1}').a %}","uuid":"{% $length($uuid()) %}",
                     "hash":"{% $hash('abc', 'SHA-256') %}","random":"{% $random(7) = $random(7) %}"},"End":true}
                """, "P"), "{}");

        assertThat(e.status()).as(e.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(e.output().path("parts").toString()).isEqualTo("[[1,2],[3,4],[5]]");
        assertThat(e.output().path("range").toString()).isEqualTo("[0,2,4]");
        assertThat(e.output().path("parsed").asInt()).isEqualTo(1);
        assertThat(e.output().path("uuid").asInt()).isEqualTo(36);
        assertThat(e.output().path("hash").asText())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(e.output().path("random").asBoolean()).isTrue();
    }
}

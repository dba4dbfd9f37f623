package dev.imagemoderation.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where the runner once disagreed with executions AWS recorded, pinned to AWS's documented behaviour
 * (Step Functions developer guide: "Transforming data with JSONata", "Map state", "Wait state",
 * "Handling errors"). One test per disagreement; each failed before its fix.
 */
class StepFunctionsConformanceTest extends RunnerTestBase {

    private static String pass(String name, String output) {
        return "\"" + name + "\":{\"Type\":\"Pass\",\"Output\":" + output + ",\"End\":true}";
    }

    // 1. QueryLanguage per state

    @Test
    void queryLanguage_jsonataStatesInAJsonPathMachine_run() throws Exception {
        String definition = """
                {"StartAt":"Shape","States":{
                  "Shape":{"Type":"Pass","QueryLanguage":"JSONata","Output":{"doubled":"{% $states.input.n * 2 %}"},"Next":"Hand"},
                  "Hand":{"Type":"Pass","Next":"Done"},
                  "Done":{"Type":"Succeed"}}}
                """;

        Execution e = run(definition, "{\"n\":21}");

        assertThat(e.status()).as("%s %s", e.error(), e.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(e.output().path("doubled").asInt()).isEqualTo(42);
    }

    @Test
    void queryLanguage_aJsonPathFailWithoutPathFields_runsItsLiterals() throws Exception {
        String definition = """
                {"StartAt":"Stop","States":{"Stop":{"Type":"Fail","Error":"Custom.Stop","Cause":"{% not evaluated %}"}}}
                """;

        Execution e = run(definition, "{}");

        assertThat(e.status()).isEqualTo(Execution.Status.FAILED);
        assertThat(e.error()).isEqualTo("Custom.Stop");
        assertThat(e.cause()).isEqualTo("{% not evaluated %}");
    }

    @Test
    void queryLanguage_aJsonPathStateThatNeedsJsonPath_isRefusedNamingStateAndField() {
        String definition = """
                {"StartAt":"A","States":{
                  "A":{"Type":"Pass","QueryLanguage":"JSONata","Output":"{% $states.input %}","Next":"B"},
                  "B":{"Type":"Pass","InputPath":"$.x","Next":"C"},
                  "C":{"Type":"Fail","CausePath":"$.why"}}}
                """;

        assertThatThrownBy(() -> LocalStepFunctions.builder("m", definition).build())
                .isInstanceOf(InvalidDefinitionException.class)
                .satisfies(ex -> assertThat(((InvalidDefinitionException) ex).problems())
                        .anySatisfy(p -> assertThat(p).contains("B").contains("InputPath"))
                        .anySatisfy(p -> assertThat(p).contains("C").contains("CausePath")));
    }

    @Test
    void queryLanguage_aJsonPathChoiceOnVariable_isRefused() {
        String definition = """
                {"StartAt":"Pick","States":{
                  "Pick":{"Type":"Choice","Choices":[{"Variable":"$.x","IsPresent":true,"Next":"Yes"}],"Default":"Yes"},
                  "Yes":{"Type":"Succeed"}}}
                """;

        assertThatThrownBy(() -> LocalStepFunctions.builder("m", definition).build())
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("Pick")
                .hasMessageContaining("Variable");
    }

    // 2. An expression that evaluates to nothing

    @Test
    void undefined_inAnOutputField_failsWithQueryEvaluationError_namingTheField() throws Exception {
        Execution e = run(jsonata(pass("P", "{\"a\":{\"b\":[\"{% $states.input.absent %}\"]}}"), "P"), "{}");

        assertThat(e.status()).isEqualTo(Execution.Status.FAILED);
        assertThat(e.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(e.cause())
                .contains("The JSONata expression '$states.input.absent' specified for the field 'Output/a/b[0]'"
                        + " returned nothing (undefined).");
    }

    @Test
    void undefined_inAnArgumentsField_neverReachesTheTask_andACatcherSeesTheRightError() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        function("f", (in, ctx) -> calls.incrementAndGet());
        String states = """
                "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                     "Arguments":{"FunctionName":"{% $states.input.name %}","Payload":{}},
                     "Catch":[{"ErrorEquals":["States.QueryEvaluationError"],"Next":"Caught","Output":"{% $states.errorOutput %}"}],
                     "End":true},
                "Caught":{"Type":"Pass","End":true}
                """;

        Execution e = run(jsonata(states, "T"), "{}");

        assertThat(e.status()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(e.output().path("Error").asText()).isEqualTo("States.QueryEvaluationError");
        assertThat(e.output().path("Cause").asText()).contains("'Arguments/FunctionName'");
        assertThat(calls).hasValue(0);
    }

    @Test
    void undefined_inAssign_andAsAWholeOutput_fail() throws Exception {
        Execution assign = run(
                jsonata("\"P\":{\"Type\":\"Pass\",\"Assign\":{\"x\":\"{% $states.input.nope %}\"},\"End\":true}", "P"),
                "{}");
        assertThat(assign.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(assign.cause()).contains("'Assign/x'");
        close();

        Execution output = run(jsonata(pass("P", "\"{% $states.input.nope %}\""), "P"), "{}");
        assertThat(output.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(output.cause()).contains("'Output'");
    }

    // 3. A Fail state without Error

    @Test
    void failWithoutError_endsWithNoErrorName_andOnlyTheCauseGiven() throws Exception {
        Execution e = run(jsonata("\"F\":{\"Type\":\"Fail\",\"Cause\":\"why\"}", "F"), "{}");

        assertThat(e.status()).isEqualTo(Execution.Status.FAILED);
        assertThat(e.error()).isNull();
        assertThat(e.cause()).isEqualTo("why");
        close();

        Execution bare = run(jsonata("\"F\":{\"Type\":\"Fail\"}", "F"), "{}");
        assertThat(bare.error()).isNull();
        assertThat(bare.cause()).isNull();
    }

    // 4. Wait Timestamp

    @Test
    void waitTimestamp_withoutAnOffset_orAThirteenthMonth_isAQueryEvaluationError_withAReadableCause()
            throws Exception {
        for (String bad : List.of("2026-01-01T00:00:00", "2026-13-01T00:00:00Z")) {
            String states = "\"W\":{\"Type\":\"Wait\",\"Timestamp\":\"{% '" + bad + "' %}\",\"End\":true}";
            Execution e = run(jsonata(states, "W"), "{}");

            assertThat(e.error()).as(bad).isEqualTo("States.QueryEvaluationError");
            assertThat(e.cause()).contains(bad).contains("Timestamp").doesNotContain("java.");
            close();
        }
        Execution ok = run(
                jsonata("\"W\":{\"Type\":\"Wait\",\"Timestamp\":\"2020-01-01T01:00:00+01:00\",\"End\":true}", "W"),
                "{}");
        assertThat(ok.status()).isEqualTo(Execution.Status.SUCCEEDED);
    }

    // 5. TimeoutSeconds and HeartbeatSeconds as expressions

    @Test
    void timeoutSeconds_asAnExpression_isEvaluatedWhenTheStateStarts() throws Exception {
        function("slow", (in, ctx) -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "late";
        });
        String states = """
                "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                     "Arguments":{"FunctionName":"slow","Payload":{}},
                     "TimeoutSeconds":"{% $states.input.timeout %}","HeartbeatSeconds":"{% $states.input.timeout %}",
                     "End":true}
                """;

        Execution e = run(jsonata(states, "T"), "{\"timeout\":1}");

        assertThat(e.error()).isEqualTo("States.Timeout");
        close();
        Execution bad = run(jsonata(states, "T"), "{\"timeout\":\"soon\"}");
        assertThat(bad.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(bad.cause()).contains("TimeoutSeconds");
    }

    // 6. Text around {% %} is a literal

    @Test
    void textAroundAnExpression_isALiteral_alsoInsideArraysAndObjects() throws Exception {
        Execution e = run(
                jsonata(pass("P", "{\"s\":\" {% $states.input %} \",\"a\":[\"x{% 1 %}\",{\"o\":\"{% 1 %} \"}]}"), "P"),
                "{}");

        assertThat(e.status()).as("%s %s", e.error(), e.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(e.output().path("s").asText()).isEqualTo(" {% $states.input %} ");
        assertThat(e.output().path("a").get(0).asText()).isEqualTo("x{% 1 %}");
        assertThat(e.output().path("a").get(1).path("o").asText()).isEqualTo("{% 1 %} ");
    }

    // 7. JSONata's sequence rules

    @Test
    void aOneItemSequence_isAValue_fromOurFunctionsAndFromJsonata() throws Exception {
        Execution e = run(
                jsonata(
                        pass(
                                "P",
                                "{\"one\":\"{% $range(1, 9, 9) %}\",\"many\":\"{% $range(1, 3, 1) %}\","
                                        + "\"picked\":\"{% $states.input.items[id = 2].v %}\","
                                        + "\"literal\":\"{% [1] %}\"}"),
                        "P"),
                "{\"items\":[{\"id\":1,\"v\":\"a\"},{\"id\":2,\"v\":\"b\"}]}");

        assertThat(e.status()).as("%s %s", e.error(), e.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(e.output().path("one").isIntegralNumber())
                .as(e.output().toString())
                .isTrue();
        assertThat(e.output().path("one").asInt()).isEqualTo(1);
        assertThat(e.output().path("many").toString()).isEqualTo("[1,2,3]");
        assertThat(e.output().path("picked").asText()).isEqualTo("b");
        assertThat(e.output().path("literal").toString())
                .as("an array constructor stays an array")
                .isEqualTo("[1]");
    }

    // 8. Map with MaxConcurrency starts items in input order

    @Test
    void map_maxConcurrencyOne_runsOneItemAtATime_inInputOrder() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        Map<Integer, Integer> seen = new ConcurrentHashMap<>();
        function("item", (in, ctx) -> {
            int i = ((Number) in.get("i")).intValue();
            events.add("start " + i);
            seen.merge(i, 1, Integer::sum);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.add("end " + i);
            return i;
        });
        String states = """
                "M":{"Type":"Map","Items":"{% $range(0, 19, 1) %}","MaxConcurrency":1,
                     "ItemSelector":{"i":"{% $states.context.Map.Item.Value %}"},
                     "ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                        "Arguments":{"FunctionName":"item","Payload":"{% $states.input %}"},
                        "Output":"{% $states.result.Payload %}","End":true}}},
                     "End":true}
                """;

        Execution e = run(jsonata(states, "M"), "{}");

        assertThat(e.status()).as("%s %s", e.error(), e.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add("start " + i);
            expected.add("end " + i);
        }
        assertThat(events).containsExactlyElementsOf(expected);
    }

    /**
     * Items are handed out in input order, never more than MaxConcurrency at once: with 1 the
     * handler sees them exactly in order; with 3 it sees every item once and never a fourth at
     * the same time. (Which of three in-flight items reaches its handler first is the
     * scheduler's choice, so the order within the window is not asserted.)
     */
    @ParameterizedTest(name = "MaxConcurrency {0}")
    @ValueSource(ints = {1, 3})
    void map_startsItemsInInputOrder_neverMoreThanMaxConcurrencyAtOnce(int limit) throws Exception {
        List<Integer> starts = new CopyOnWriteArrayList<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        function("item", (in, ctx) -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            starts.add(((Number) in.get("i")).intValue());
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            return 0;
        });
        String states = """
                "M":{"Type":"Map","Items":"{% $range(0, 39, 1) %}","MaxConcurrency":"{% LIMIT %}",
                     "ItemSelector":{"i":"{% $states.context.Map.Item.Value %}"},
                     "ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                        "Arguments":{"FunctionName":"item","Payload":"{% $states.input %}"},"End":true}}},
                     "End":true}
                """.replace("LIMIT", Integer.toString(limit));

        Execution e = run(jsonata(states, "M"), "{}");

        assertThat(e.status()).as("%s %s", e.error(), e.cause()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(most.get()).isLessThanOrEqualTo(limit);
        if (limit == 1) {
            assertThat(starts).isEqualTo(IntStream.rangeClosed(0, 39).boxed().toList());
        } else {
            assertThat(starts)
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.rangeClosed(0, 39).boxed().toList());
        }
    }

    // 9. A cause that would print a Java object

    @Test
    void itemsThatEvaluateToAFunction_causeNamesTheExpressionAndWhatItProduced() throws Exception {
        String states = """
                "M":{"Type":"Map","Items":"{% $sum %}",
                     "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}
                """;

        Execution e = run(jsonata(states, "M"), "{}");

        assertThat(e.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(e.cause())
                .contains("'$sum'")
                .contains("'Items'")
                .contains("a function")
                .doesNotContain("com.dashjoin")
                .doesNotContain("@");
    }
}

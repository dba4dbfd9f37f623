package dev.imagemoderation.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagemoderation.core.errors.WorkflowErrors;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Static checks of moderation.asl.json: what Step Functions would refuse at deploy time, and our own rules. */
class ModerationDefinitionTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");
    private static final Pattern EXPRESSION = Pattern.compile("^\\{%(.*)%}$", Pattern.DOTALL);
    private static final Set<String> REQUIRED_LAMBDA_RETRIES = Set.of(
            "Lambda.ServiceException",
            "Lambda.AWSLambdaException",
            "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException",
            "Lambda.SnapStartNotReadyException",
            // Lambda's name for a function that ran out of time: every task here is safe to run again
            "Sandbox.Timedout");
    private static final List<String> SLACK_ACTIONS =
            List.of("RemoveFiles", "NotifyChannel", "NotifyPoster", "ReportToModerators");

    private static String text;
    private static JsonNode root;

    @BeforeAll
    static void load() throws Exception {
        text = ModerationWorkflow.definition();
        root = new ObjectMapper().readTree(text);
    }

    @Test
    void definition_usesJsonataAndStartsAtAnExistingState() {
        assertThat(root.path("QueryLanguage").asText()).isEqualTo("JSONata");
        assertThat(root.path("States").has(root.path("StartAt").asText())).isTrue();
    }

    @Test
    void namedStates_existInTheDefinition() {
        Set<String> all = new TreeSet<>();
        forEachScope(root, "top", (scope, states) -> states.fieldNames().forEachRemaining(all::add));
        assertThat(all).containsAll(ModerationWorkflow.States.NAMED);
        assertThat(all).doesNotContain("NoSuchState");
    }

    @Test
    void everyTransition_targetsAStateOfTheSameScope_andEveryStateIsReachable() {
        List<String> problems = new ArrayList<>();
        forEachScope(root, "top", (scope, states) -> {
            Set<String> names = new TreeSet<>();
            states.fieldNames().forEachRemaining(names::add);
            Map<String, List<String>> edges = new java.util.HashMap<>();
            for (String name : names) {
                List<String> targets = transitions(states.get(name));
                edges.put(name, targets);
                targets.stream()
                        .filter(t -> !names.contains(t))
                        .forEach(t -> problems.add(scope + "/" + name + " -> missing state " + t));
                JsonNode s = states.get(name);
                boolean terminal = s.path("End").asBoolean(false)
                        || Set.of("Succeed", "Fail", "Choice")
                                .contains(s.path("Type").asText());
                if (!terminal && !s.has("Next")) {
                    problems.add(scope + "/" + name + " has neither Next nor End");
                }
            }
            Set<String> seen = new HashSet<>();
            var todo = new ArrayDeque<String>();
            todo.add(startAt(scope));
            while (!todo.isEmpty()) {
                String n = todo.poll();
                if (seen.add(n)) {
                    todo.addAll(edges.getOrDefault(n, List.of()));
                }
            }
            names.stream()
                    .filter(n -> !seen.contains(n))
                    .forEach(n -> problems.add(scope + "/" + n + " is unreachable"));
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void placeholders_areExactlyTheSharedSubstitutionNames() {
        Set<String> used = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).containsExactlyInAnyOrderElementsOf(ModerationWorkflow.SUBSTITUTIONS);
    }

    @Test
    void errorNames_areStatesLambdaOrCoreErrorClasses() {
        Set<String> names = new TreeSet<>();
        collect(root, "ErrorEquals", node -> node.forEach(e -> names.add(e.asText())));
        collect(root, "Error", node -> {
            if (node.isTextual() && !node.asText().startsWith("{%")) {
                names.add(node.asText());
            }
        });
        assertThat(names)
                .isNotEmpty()
                .allSatisfy(name -> assertThat(name.startsWith("States.")
                                || name.startsWith("Lambda.")
                                || name.equals("Sandbox.Timedout")
                                || WorkflowErrors.names().contains(name))
                        .as(name)
                        .isTrue());
        assertThat(names)
                .containsAll(WorkflowErrors.names().stream()
                        .filter(n -> WorkflowErrors.RETRYABLE.stream()
                                        .anyMatch(c -> c.getName().equals(n))
                                || n.equals(WorkflowErrors.RATE_LIMITED.getName()))
                        .toList());
    }

    @Test
    void scanFiles_isolatesFailuresPerFile_eachTaskOfAnItemCatchesEverythingIntoAReview() {
        JsonNode items =
                root.path("States").path("ScanFiles").path("ItemProcessor").path("States");
        for (String task : List.of("FetchImage", "DetectLabels")) {
            assertThat(items.path(task).path("Catch")).as(task).anySatisfy(c -> {
                assertThat(c.path("ErrorEquals").get(0).asText()).isEqualTo("States.ALL");
                assertThat(c.path("Next").asText()).isEqualTo("ScanFailed");
            });
        }
        assertThat(items.path("ScanFailed").path("Output").asText())
                .contains("'UNSCANNABLE'")
                .contains("'ScanFailed'");
        assertThat(items.path("ReviewUnscannable")
                        .path("Arguments")
                        .path("FunctionName")
                        .asText())
                .isEqualTo("${" + ModerationWorkflow.DETECT_LABELS + "}");
        assertThat(items.path("ReviewUnscannable").has("Catch"))
                .as("no loop: a failure there fails the Map")
                .isFalse();
    }

    @Test
    void lambdaTasks_invokeByPlaceholder_returnPayload_andRetryToAtLeastAMinute() {
        List<JsonNode> tasks = new ArrayList<>();
        forEachState(root, s -> {
            if ("arn:aws:states:::lambda:invoke".equals(s.path("Resource").asText())) {
                tasks.add(s);
            }
        });
        assertThat(tasks).hasSize(8); // DetectLabels runs twice in ScanFiles: on a fetched image and on a failed one
        for (JsonNode t : tasks) {
            assertThat(t.path("Arguments").path("FunctionName").asText()).matches("\\$\\{[A-Za-z]+FunctionArn}");
            assertThat(t.path("Output").asText()).isEqualTo("{% $states.result.Payload %}");
            JsonNode retry = t.path("Retry").get(0);
            Set<String> retried = new HashSet<>();
            retry.path("ErrorEquals").forEach(e -> retried.add(e.asText()));
            assertThat(retried).containsAll(REQUIRED_LAMBDA_RETRIES);
            WorkflowErrors.RETRYABLE.forEach(c -> assertThat(retried).contains(c.getName()));
            assertThat(retry.path("JitterStrategy").asText()).isEqualTo("FULL");
            double reach = 0;
            double interval = retry.path("IntervalSeconds").asDouble();
            for (int i = 0; i < retry.path("MaxAttempts").asInt(); i++) {
                reach = Math.min(retry.path("MaxDelaySeconds").asDouble(Double.MAX_VALUE), interval);
                interval *= retry.path("BackoffRate").asDouble();
            }
            assertThat(reach).as("longest backoff").isGreaterThanOrEqualTo(60);
        }
    }

    @Test
    void slackActions_catchRateLimits_intoTheBoundedWaitLoop() {
        JsonNode states = root.path("States");
        for (String name : SLACK_ACTIONS) {
            JsonNode firstCatch = states.path(name).path("Catch").get(0);
            assertThat(firstCatch.path("ErrorEquals").get(0).asText()).isEqualTo(WorkflowErrors.RATE_LIMITED.getName());
            assertThat(firstCatch.path("Next").asText()).isEqualTo("SlackRateLimited");
            assertThat(firstCatch.path("Assign").path("resumeAt").asText()).isEqualTo(name);
            assertThat(states.path("ResumeAfterWait").toString()).contains("\"Next\":\"" + name + "\"");
        }
        assertThat(states.path("WaitForSlack").path("Seconds").asText()).contains("$retryAfter");
        assertThat(states.path("SlackRateLimited").toString()).contains("$maxRateLimitWaits");
    }

    @Test
    void removeBranch_quarantinesBeforeRemovingAndNotifies_inSeparateTasks() {
        JsonNode s = root.path("States");
        assertThat(s.path("Decide").path("Choices").get(0).path("Next").asText())
                .isEqualTo("QuarantineFiles");
        assertThat(s.path("QuarantineFiles").path("Next").asText()).isEqualTo("RemoveFiles");
        assertThat(s.path("RemoveFiles").path("Next").asText()).isEqualTo("NotifyChannel");
        assertThat(s.path("NotifyChannel").path("Next").asText()).isEqualTo("NotifyPoster");
        assertThat(s.path("NotifyPoster").path("Next").asText()).isEqualTo("ReportToModerators");
        assertThat(s.path("Decide").path("Choices").get(1).path("Next").asText())
                .isEqualTo("ReportToModerators");
        assertThat(s.path("Decide").path("Default").asText()).isEqualTo("DiscardCopies");
        assertThat(s.path("QuarantineFiles").toString())
                .contains("arn:aws:states:::aws-sdk:s3:copyObject")
                .contains("\"ServerSideEncryption\":\"AES256\"");
    }

    @Test
    void everyJsonataExpression_parses() {
        List<String> problems = new ArrayList<>();
        collectStrings(root, "", (path, value) -> {
            Matcher m = EXPRESSION.matcher(value.strip());
            if (value.contains("{%") && !m.matches()) {
                problems.add(path + ": an expression must be the whole string: " + value);
            } else if (m.matches()) {
                try {
                    Jsonata.jsonata(m.group(1).replace("${BucketName}", "bucket"));
                } catch (RuntimeException e) {
                    problems.add(path + ": " + e.getMessage() + " in " + value);
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    // --- helpers -------------------------------------------------------------------

    private interface ScopeVisitor {
        void visit(String scope, JsonNode states);
    }

    private static final Map<String, String> START_AT = new java.util.HashMap<>();

    private static String startAt(String scope) {
        return START_AT.get(scope);
    }

    private static void forEachScope(JsonNode machine, String scope, ScopeVisitor visitor) {
        START_AT.put(scope, machine.path("StartAt").asText());
        JsonNode states = machine.path("States");
        visitor.visit(scope, states);
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().has("ItemProcessor")) {
                forEachScope(e.getValue().path("ItemProcessor"), scope + "/" + e.getKey(), visitor);
            }
            int i = 0;
            for (JsonNode branch : e.getValue().path("Branches")) {
                forEachScope(branch, scope + "/" + e.getKey() + "[" + i++ + "]", visitor);
            }
        }
    }

    private static void forEachState(JsonNode machine, java.util.function.Consumer<JsonNode> action) {
        forEachScope(machine, "all", (scope, states) -> states.forEach(action));
    }

    private static List<String> transitions(JsonNode state) {
        List<String> targets = new ArrayList<>();
        if (state.has("Next")) {
            targets.add(state.path("Next").asText());
        }
        if (state.has("Default")) {
            targets.add(state.path("Default").asText());
        }
        state.path("Choices").forEach(c -> targets.add(c.path("Next").asText()));
        state.path("Catch").forEach(c -> targets.add(c.path("Next").asText()));
        return targets;
    }

    private static void collect(JsonNode node, String field, java.util.function.Consumer<JsonNode> action) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals(field)) {
                    action.accept(e.getValue());
                }
                collect(e.getValue(), field, action);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, field, action));
        }
    }

    private static void collectStrings(
            JsonNode node, String path, java.util.function.BiConsumer<String, String> action) {
        if (node.isTextual()) {
            action.accept(path, node.asText());
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> collectStrings(e.getValue(), path + "/" + e.getKey(), action));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectStrings(node.get(i), path + "[" + i + "]", action);
            }
        }
    }
}

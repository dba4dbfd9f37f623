package dev.imagemoderation.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
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

/** The static checks every workflow definition of this bot passes: what Step Functions would refuse, and our rules. */
final class DefinitionChecks {

    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");
    static final Pattern EXPRESSION = Pattern.compile("^\\{%(.*)%}$", Pattern.DOTALL);
    static final Set<String> REQUIRED_LAMBDA_RETRIES = Set.of(
            "Lambda.ServiceException",
            "Lambda.AWSLambdaException",
            "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException",
            "Lambda.SnapStartNotReadyException",
            // Lambda's name for a function that ran out of time: every task here is safe to run again
            "Sandbox.Timedout");

    private DefinitionChecks() {}

    /** Transitions to missing states, states with neither Next nor End, unreachable states. */
    static List<String> transitionProblems(JsonNode root) {
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
        return problems;
    }

    static Set<String> placeholders(String text) {
        Set<String> used = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            used.add(m.group(1));
        }
        return used;
    }

    /** Every error name the definition catches, retries or fails with (expressions aside). */
    static Set<String> errorNames(JsonNode root) {
        Set<String> names = new TreeSet<>();
        collect(root, "ErrorEquals", node -> node.forEach(e -> names.add(e.asText())));
        collect(root, "Error", node -> {
            if (node.isTextual() && !node.asText().startsWith("{%")) {
                names.add(node.asText());
            }
        });
        return names;
    }

    /** Each is a Step Functions, Lambda or SDK integration name, or one of core's workflow errors. */
    static void assertKnownErrorNames(Set<String> names) {
        assertThat(names)
                .isNotEmpty()
                .allSatisfy(name -> assertThat(name.startsWith("States.")
                                || name.startsWith("Lambda.")
                                || name.startsWith("Sfn.")
                                || name.equals("Sandbox.Timedout")
                                || WorkflowErrors.names().contains(name))
                        .as(name)
                        .isTrue());
    }

    static List<JsonNode> lambdaTasks(JsonNode root) {
        List<JsonNode> tasks = new ArrayList<>();
        forEachState(root, s -> {
            if ("arn:aws:states:::lambda:invoke".equals(s.path("Resource").asText())) {
                tasks.add(s);
            }
        });
        return tasks;
    }

    /** By placeholder, returning the payload, retrying Lambda's and our retryable errors to at least a minute. */
    static void assertLambdaTask(JsonNode t) {
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

    /** Expressions that are not the whole string, or do not parse. */
    static List<String> expressionProblems(JsonNode root) {
        List<String> problems = new ArrayList<>();
        collectStrings(root, "", (path, value) -> {
            Matcher m = EXPRESSION.matcher(value.strip());
            if (value.contains("{%") && !m.matches()) {
                problems.add(path + ": an expression must be the whole string: " + value);
            } else if (m.matches()) {
                try {
                    Jsonata.jsonata(PLACEHOLDER.matcher(m.group(1)).replaceAll("placeholder"));
                } catch (RuntimeException e) {
                    problems.add(path + ": " + e.getMessage() + " in " + value);
                }
            }
        });
        return problems;
    }

    interface ScopeVisitor {
        void visit(String scope, JsonNode states);
    }

    private static final Map<String, String> START_AT = new java.util.HashMap<>();

    private static String startAt(String scope) {
        return START_AT.get(scope);
    }

    static void forEachScope(JsonNode machine, String scope, ScopeVisitor visitor) {
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

package dev.imagemoderation.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagemoderation.asl.InvalidDefinitionException;
import dev.imagemoderation.asl.StatesError;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Parses and validates an ASL definition, reporting every problem at once: unknown or misplaced
 * fields, missing or dangling transitions, unreachable states, expressions that do not parse, and
 * Task resources the runner has no handler for (refused here rather than skipped at run time).
 *
 * <p>The query language is chosen per state, as on AWS: a state's own {@code QueryLanguage}, else the
 * machine's, which defaults to JSONPath. JSONata states run fully. A JSONPath state runs when it
 * needs no JSONPath processing (a Succeed, a Pass without fields, a Fail with literal Error and
 * Cause); any other is refused here, naming the state and the field that would need it.
 */
public final class DefinitionLoader {

    private static final Set<String> COMMON =
            Set.of("Type", "Comment", "QueryLanguage", "Next", "End", "Output", "Assign");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Task",
                    union(
                            COMMON,
                            "Resource",
                            "Arguments",
                            "TimeoutSeconds",
                            "HeartbeatSeconds",
                            "Retry",
                            "Catch",
                            "Credentials"),
            "Pass", COMMON,
            "Choice", Set.of("Type", "Comment", "QueryLanguage", "Choices", "Default", "Output", "Assign"),
            "Wait", union(COMMON, "Seconds", "Timestamp"),
            "Succeed", Set.of("Type", "Comment", "QueryLanguage", "Output"),
            "Fail", Set.of("Type", "Comment", "QueryLanguage", "Error", "Cause"),
            "Map",
                    union(
                            COMMON,
                            "Items",
                            "ItemSelector",
                            "ItemProcessor",
                            "Iterator",
                            "MaxConcurrency",
                            "Retry",
                            "Catch",
                            "ToleratedFailurePercentage",
                            "ToleratedFailureCount",
                            "Label",
                            "ItemReader",
                            "ResultWriter",
                            "ItemBatcher"),
            "Parallel", union(COMMON, "Branches", "Arguments", "Retry", "Catch"));

    private static final String JSONATA = "JSONata";
    private static final String JSONPATH = "JSONPath";
    private static final Set<String> JSONPATH_FIELDS =
            Set.of("InputPath", "Parameters", "ResultSelector", "ResultPath", "OutputPath", "Result");

    private final Predicate<String> knownResource;
    private final List<String> problems = new ArrayList<>();

    private DefinitionLoader(Predicate<String> knownResource) {
        this.knownResource = knownResource;
    }

    /**
     * @param knownResource whether a Task's {@code Resource} can run here
     * @throws InvalidDefinitionException listing every problem
     */
    public static State.Scope load(JsonNode definition, Predicate<String> knownResource) {
        DefinitionLoader loader = new DefinitionLoader(knownResource);
        String language = definition.path("QueryLanguage").asText(JSONPATH);
        if (!language.equals(JSONATA) && !language.equals(JSONPATH)) {
            loader.problems.add("QueryLanguage must be JSONata or JSONPath, not " + language);
        }
        State.Scope scope = loader.scope(definition, "", language);
        if (!loader.problems.isEmpty()) {
            throw new InvalidDefinitionException(loader.problems);
        }
        return scope;
    }

    private State.Scope scope(JsonNode node, String path, String language) {
        String startAt = node.path("StartAt").asText(null);
        JsonNode statesNode = node.path("States");
        Map<String, State> states = new LinkedHashMap<>();
        if (startAt == null) {
            problems.add(path + "StartAt is missing");
        }
        if (!statesNode.isObject() || statesNode.isEmpty()) {
            problems.add(path + "States is missing or empty");
            return new State.Scope(startAt, states);
        }
        for (Map.Entry<String, JsonNode> e : statesNode.properties()) {
            String name = e.getKey();
            if (name.isEmpty() || name.length() > 80) {
                problems.add(path + "state name '" + name + "' must have 1 to 80 characters");
            }
            State s = state(name, e.getValue(), path + name + ": ", language);
            if (s != null) {
                states.put(name, s);
            }
        }
        if (startAt != null && !states.containsKey(startAt) && statesNode.has(startAt) == false) {
            problems.add(path + "StartAt '" + startAt + "' is not a state");
        }
        checkTransitions(states, startAt, path);
        return new State.Scope(startAt, states);
    }

    private State state(String name, JsonNode n, String where, String inherited) {
        String type = n.path("Type").asText("");
        Set<String> allowed = FIELDS.get(type);
        if (allowed == null) {
            problems.add(where + "unknown Type '" + type + "'");
            return null;
        }
        String language = n.path("QueryLanguage").asText(inherited);
        if (language.equals(JSONPATH) && inherited.equals(JSONATA)) {
            problems.add(where + "a JSONPath state cannot sit in a JSONata state machine");
            return null;
        }
        if (language.equals(JSONPATH)) {
            return jsonPathState(name, n, where, type);
        }
        if (!language.equals(JSONATA)) {
            problems.add(where + "QueryLanguage must be JSONata or JSONPath, not " + language);
            return null;
        }
        n.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                problems.add(where + "field '" + f + "' is not valid in a " + type + " state"
                        + (Set.of("Parameters", "ResultPath", "ResultSelector", "InputPath", "OutputPath")
                                        .contains(f)
                                ? " (a JSONPath field; this runner runs JSONata definitions)"
                                : ""));
            }
        });
        checkExpressions(n, where);
        String next = n.path("Next").asText(null);
        boolean end = n.path("End").asBoolean(false);
        boolean terminal = type.equals("Succeed") || type.equals("Fail") || type.equals("Choice");
        if (!terminal && (next == null) == !end) {
            problems.add(where + "needs exactly one of Next or End");
        }
        JsonNode output = n.get("Output");
        JsonNode assign = n.get("Assign");
        if (assign != null && !assign.isObject()) {
            problems.add(where + "Assign must be an object");
        }
        return switch (type) {
            case "Task" -> {
                String resource = n.path("Resource").asText("");
                if (resource.isEmpty()) {
                    problems.add(where + "Task needs a Resource");
                } else if (!knownResource.test(resource)) {
                    problems.add(where + "Resource '" + resource + "' has no handler in this runner");
                }
                JsonNode timeout = seconds(n.get("TimeoutSeconds"), where + "TimeoutSeconds");
                JsonNode heartbeat = seconds(n.get("HeartbeatSeconds"), where + "HeartbeatSeconds");
                yield new State.Task(
                        name,
                        next,
                        output,
                        assign,
                        resource,
                        n.get("Arguments"),
                        timeout,
                        heartbeat,
                        retriers(n.get("Retry"), where),
                        catchers(n.get("Catch"), where));
            }
            case "Pass" -> new State.Pass(name, next, output, assign);
            case "Choice" -> {
                List<State.ChoiceRule> rules = new ArrayList<>();
                JsonNode choices = n.path("Choices");
                if (!choices.isArray() || choices.isEmpty()) {
                    problems.add(where + "Choice needs a non-empty Choices array");
                }
                for (JsonNode c : choices) {
                    if (!c.has("Condition") || !c.has("Next")) {
                        problems.add(where + "every choice rule needs Condition and Next");
                    }
                    rules.add(new State.ChoiceRule(
                            c.get("Condition"), c.path("Next").asText(null), c.get("Output"), c.get("Assign")));
                }
                yield new State.Choice(name, rules, n.path("Default").asText(null), output, assign);
            }
            case "Wait" -> {
                if (n.has("Seconds") == n.has("Timestamp")) {
                    problems.add(where + "Wait needs exactly one of Seconds or Timestamp");
                }
                yield new State.Wait(name, next, output, assign, n.get("Seconds"), n.get("Timestamp"));
            }
            case "Succeed" -> new State.Succeed(name, output);
            case "Fail" -> new State.Fail(name, n.get("Error"), n.get("Cause"), true);
            case "Map" -> {
                JsonNode processor = n.has("ItemProcessor") ? n.get("ItemProcessor") : n.get("Iterator");
                if (processor == null) {
                    problems.add(where + "Map needs an ItemProcessor");
                } else if (!processor
                        .path("ProcessorConfig")
                        .path("Mode")
                        .asText("INLINE")
                        .equals("INLINE")) {
                    problems.add(where + "only INLINE Map processors run here");
                }
                JsonNode max = n.get("MaxConcurrency");
                if (max != null && !Expressions.isExpression(max)) {
                    nonNegativeInt(max, where + "MaxConcurrency");
                }
                State.Scope inner = processor == null
                        ? new State.Scope(null, Map.of())
                        : scope(
                                processor,
                                where,
                                processor.path("QueryLanguage").asText(language));
                yield new State.MapState(
                        name,
                        next,
                        output,
                        assign,
                        n.get("Items"),
                        n.get("ItemSelector"),
                        max,
                        inner,
                        retriers(n.get("Retry"), where),
                        catchers(n.get("Catch"), where));
            }
            case "Parallel" -> {
                List<State.Scope> branches = new ArrayList<>();
                int i = 0;
                for (JsonNode b : n.path("Branches")) {
                    branches.add(scope(
                            b,
                            where + "branch " + i++ + ": ",
                            b.path("QueryLanguage").asText(language)));
                }
                if (branches.isEmpty()) {
                    problems.add(where + "Parallel needs at least one branch");
                }
                yield new State.Parallel(
                        name,
                        next,
                        output,
                        assign,
                        n.get("Arguments"),
                        branches,
                        retriers(n.get("Retry"), where),
                        catchers(n.get("Catch"), where));
            }
            default -> null;
        };
    }

    private List<State.Retrier> retriers(JsonNode node, String where) {
        List<State.Retrier> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        for (JsonNode r : node) {
            List<String> errors = errorEquals(r, where + "Retry: ");
            double interval = r.path("IntervalSeconds").asDouble(1);
            int max = r.path("MaxAttempts").asInt(3);
            double backoff = r.path("BackoffRate").asDouble(2.0);
            if (interval < 1 || max < 0 || backoff < 1) {
                problems.add(where + "Retry: IntervalSeconds >= 1, MaxAttempts >= 0 and BackoffRate >= 1 are required");
            }
            String jitter = r.path("JitterStrategy").asText("NONE");
            if (!jitter.equals("FULL") && !jitter.equals("NONE")) {
                problems.add(where + "Retry: JitterStrategy must be FULL or NONE");
            }
            out.add(new State.Retrier(
                    errors,
                    interval,
                    max,
                    backoff,
                    r.has("MaxDelaySeconds") ? r.get("MaxDelaySeconds").asDouble() : null,
                    jitter.equals("FULL")));
        }
        return out;
    }

    private List<State.Catcher> catchers(JsonNode node, String where) {
        List<State.Catcher> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        for (JsonNode c : node) {
            c.fieldNames().forEachRemaining(f -> {
                if (!Set.of("ErrorEquals", "Next", "Output", "Assign", "Comment")
                        .contains(f)) {
                    problems.add(where + "Catch: field '" + f + "' is not valid");
                }
            });
            if (!c.has("Next")) {
                problems.add(where + "Catch needs Next");
            }
            out.add(new State.Catcher(
                    errorEquals(c, where + "Catch: "), c.path("Next").asText(null), c.get("Output"), c.get("Assign")));
        }
        return out;
    }

    private List<String> errorEquals(JsonNode node, String where) {
        List<String> errors = new ArrayList<>();
        node.path("ErrorEquals").forEach(e -> errors.add(e.asText()));
        if (errors.isEmpty()) {
            problems.add(where + "ErrorEquals must list at least one error name");
        }
        if (errors.contains(StatesError.ALL) && errors.size() > 1) {
            problems.add(where + "States.ALL must appear alone in ErrorEquals");
        }
        return errors;
    }

    private void checkTransitions(Map<String, State> states, String startAt, String path) {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        states.forEach((name, s) -> {
            List<String> targets = new ArrayList<>();
            if (s.next() != null) {
                targets.add(s.next());
            }
            if (s instanceof State.Choice c) {
                c.choices().forEach(r -> targets.add(r.next()));
                if (c.defaultNext() != null) {
                    targets.add(c.defaultNext());
                }
            }
            List<State.Catcher> catchers = switch (s) {
                case State.Task t -> t.catchers();
                case State.MapState m -> m.catchers();
                case State.Parallel p -> p.catchers();
                default -> List.of();
            };
            catchers.forEach(c -> targets.add(c.next()));
            targets.stream()
                    .filter(t -> t != null && !states.containsKey(t))
                    .forEach(t -> problems.add(path + name + ": transition to unknown state '" + t + "'"));
            edges.put(name, targets);
        });
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>();
        if (startAt != null) {
            todo.add(startAt);
        }
        while (!todo.isEmpty()) {
            String n = todo.poll();
            if (n != null && seen.add(n)) {
                todo.addAll(edges.getOrDefault(n, List.of()).stream()
                        .filter(x -> x != null)
                        .toList());
            }
        }
        states.keySet().stream()
                .filter(n -> !seen.contains(n))
                .forEach(n -> problems.add(path + n + ": unreachable from StartAt"));
    }

    private void checkExpressions(JsonNode node, String where) {
        if (node.isTextual()) {
            // Only a string that is exactly {% ... %} is an expression; text around it makes a literal.
            var m = Expressions.EXPRESSION.matcher(node.asText());
            if (!m.matches()) {
                return;
            }
            try {
                Expressions.check(m.group(1));
            } catch (RuntimeException e) {
                problems.add(where + "expression does not parse (" + e.getMessage() + "): " + node.asText());
            }
        } else if (node.isObject()) {
            node.properties().forEach(e -> {
                if (!e.getKey().equals("ItemProcessor")
                        && !e.getKey().equals("Iterator")
                        && !e.getKey().equals("Branches")) {
                    checkExpressions(e.getValue(), where);
                }
            });
        } else if (node.isArray()) {
            node.forEach(x -> checkExpressions(x, where));
        }
    }

    /** A positive integer, or an expression evaluated when the state starts; null when absent. */
    private JsonNode seconds(JsonNode n, String what) {
        if (n != null && !Expressions.isExpression(n) && (!n.canConvertToInt() || n.asInt() <= 0)) {
            problems.add(what + " must be a positive integer or a JSONata expression");
        }
        return n;
    }

    private void nonNegativeInt(JsonNode n, String what) {
        if (!n.canConvertToInt() || n.asInt() < 0) {
            problems.add(what + " must be a non-negative integer");
        }
    }

    /**
     * A JSONPath state that needs no JSONPath processing: its input passes through untouched. Any field
     * that would need the path machinery (the five I/O fields, a {@code ...Path} field, a Choice rule on
     * {@code Variable}) is refused by name.
     */
    private State jsonPathState(String name, JsonNode n, String where, String type) {
        Set<String> plain = switch (type) {
            case "Succeed" -> Set.of("Type", "Comment", "QueryLanguage");
            case "Pass" -> Set.of("Type", "Comment", "QueryLanguage", "Next", "End");
            case "Fail" -> Set.of("Type", "Comment", "QueryLanguage", "Error", "Cause");
            default -> Set.of();
        };
        boolean ok = true;
        for (String f : (Iterable<String>) n::fieldNames) {
            if (!plain.contains(f)) {
                ok = false;
                problems.add(where + "field '" + f + "' of this JSONPath " + type + " state "
                        + (JSONPATH_FIELDS.contains(f) || f.endsWith("Path")
                                ? "needs JSONPath processing"
                                : "is not run here")
                        + "; this runner runs JSONPath states only without it (write the state in JSONata)");
            }
        }
        if (type.equals("Choice")) {
            for (JsonNode rule : n.path("Choices")) {
                if (rule.has("Variable")) {
                    problems.add(where
                            + "a Choice rule on 'Variable' needs JSONPath processing; write the state in JSONata");
                    break;
                }
            }
        }
        if (plain.isEmpty()) {
            problems.add(where + "a JSONPath " + type + " state needs JSONPath processing; only Succeed, Pass and Fail"
                    + " without path fields run as JSONPath here");
            return null;
        }
        if (!ok) {
            return null;
        }
        String next = n.path("Next").asText(null);
        if (type.equals("Pass") && (next == null) == !n.path("End").asBoolean(false)) {
            problems.add(where + "needs exactly one of Next or End");
        }
        return switch (type) {
            case "Succeed" -> new State.Succeed(name, null);
            case "Pass" -> new State.Pass(name, next, null, null);
            default -> new State.Fail(name, n.get("Error"), n.get("Cause"), false);
        };
    }

    private static Set<String> union(Set<String> base, String... more) {
        Set<String> s = new HashSet<>(base);
        s.addAll(List.of(more));
        return Set.copyOf(s);
    }
}

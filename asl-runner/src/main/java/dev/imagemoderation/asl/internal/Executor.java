package dev.imagemoderation.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.asl.Sleeper;
import dev.imagemoderation.asl.StatesError;
import dev.imagemoderation.asl.TaskResource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs one execution's states: input and output processing with JSONata, variables and
 * their scopes, Retry and Catch, and the history. One instance per execution.
 */
public final class Executor {

    /** Variables of one scope; nested scopes (Map iterations, Parallel branches) read outward, write locally. */
    public static final class Variables {
        private final Variables parent;
        private final Map<String, Object> values = new HashMap<>();

        public Variables(Variables parent) {
            this.parent = parent;
        }

        public synchronized void putAll(Map<String, Object> assigned) {
            values.putAll(assigned);
        }

        synchronized Map<String, Object> visible() {
            Map<String, Object> all = parent == null ? new HashMap<>() : parent.visible();
            all.putAll(values);
            return all;
        }
    }

    private record Step(JsonNode output, String next) {}

    /** Persists where the top-level scope is, before each state runs. */
    @FunctionalInterface
    public interface Checkpointer {
        void save(String stateName, JsonNode input, Map<String, Object> variables);
    }

    private static final int DEFAULT_MAX_CONCURRENCY = 40;

    private final Expressions expressions;
    private final Function<String, TaskResource> resources;
    private final Clock clock;
    private final Sleeper sleeper;
    private final History history;
    /** Execution and StateMachine context, converted for JSONata once rather than at every evaluation. */
    private final Map<String, Object> executionContext;

    private final Random random = new Random();
    private final Checkpointer checkpointer;

    public Executor(
            Expressions expressions,
            Function<String, TaskResource> resources,
            Clock clock,
            Sleeper sleeper,
            History history,
            ObjectNode executionContext,
            Checkpointer checkpointer) {
        this.checkpointer = checkpointer;
        this.expressions = expressions;
        this.resources = resources;
        this.clock = clock;
        this.sleeper = sleeper;
        this.history = history;
        this.executionContext = Map.copyOf(asMap(Values.toJava(executionContext)));
    }

    JsonNode run(State.Scope scope, JsonNode input, Variables vars, JsonNode mapItem) {
        return run(scope, scope.startAt(), input, vars, mapItem, false);
    }

    /** Runs the machine's own scope from {@code startAt} (its StartAt, or a checkpoint when resuming). */
    public JsonNode runTop(State.Scope scope, String startAt, JsonNode input, Variables vars) {
        return run(scope, startAt, input, vars, null, true);
    }

    private JsonNode run(
            State.Scope scope, String startAt, JsonNode input, Variables vars, JsonNode mapItem, boolean top) {
        String current = startAt;
        JsonNode data = input;
        while (true) {
            State state = scope.states().get(current);
            if (top && checkpointer != null) {
                checkpointer.save(current, data, vars.visible());
            }
            String kind = kind(state);
            Instant entered = clock.instant();
            history.add(kind + "StateEntered", "name", state.name(), "input", data);
            Step step;
            try {
                step = execute(state, data, vars, entered, mapItem);
            } catch (StatesError e) {
                if (StatesError.QUERY_EVALUATION_ERROR.equals(e.error())) {
                    history.add("EvaluationFailed", "name", state.name(), "error", e.error(), "cause", e.cause());
                } else if (state instanceof State.MapState || state instanceof State.Parallel) {
                    history.add(kind + "StateFailed", "name", state.name(), "error", e.error(), "cause", e.cause());
                }
                throw e;
            }
            history.add(kind + "StateExited", "name", state.name(), "output", step.output());
            if (step.next() == null) {
                return step.output();
            }
            data = step.output();
            current = step.next();
        }
    }

    private Step execute(State state, JsonNode input, Variables vars, Instant entered, JsonNode mapItem) {
        Visit v = new Visit(state.name(), input, vars, entered, mapItem);
        return switch (state) {
            case State.Pass p -> finish(p, v, null, input, 0);
            case State.Succeed s -> new Step(value(s.output(), bindings(v, null, null, 0), input, "Output"), null);
            case State.Fail f -> {
                Map<String, Object> b = bindings(v, null, null, 0);
                // No Error means no error name, as on AWS; a JSONPath Fail's fields are literals.
                String error = f.jsonata() ? text(f.error(), b, "Error") : literal(f.error());
                String cause = f.jsonata() ? text(f.cause(), b, "Cause") : literal(f.cause());
                history.add("FailStateEntered", "name", f.name(), "error", error, "cause", cause);
                throw new StatesError(error, cause);
            }
            case State.Choice c -> choice(c, v);
            case State.Wait w -> {
                Map<String, Object> b = bindings(v, null, null, 0);
                Duration d;
                if (w.seconds() != null) {
                    JsonNode s = expressions.evaluate(w.seconds(), b, "Seconds");
                    if (!s.isNumber() || s.asDouble() < 0) {
                        throw new StatesError(
                                StatesError.QUERY_EVALUATION_ERROR, "Wait Seconds is not a non-negative number: " + s);
                    }
                    d = Duration.ofMillis((long) (s.asDouble() * 1000));
                } else {
                    d = Duration.between(
                            clock.instant(), timestamp(w, expressions.evaluate(w.timestamp(), b, "Timestamp")));
                }
                sleep(d.isNegative() ? Duration.ZERO : d);
                yield finish(w, v, null, input, 0);
            }
            case State.Task t ->
                withRetries(
                        t.retry(),
                        t.catchers(),
                        v,
                        retryCount -> {
                            Map<String, Object> b = bindings(v, null, null, retryCount);
                            JsonNode args =
                                    t.arguments() == null ? input : expressions.evaluate(t.arguments(), b, "Arguments");
                            Integer timeout = positiveSeconds(t.timeoutSeconds(), b, "TimeoutSeconds");
                            positiveSeconds(t.heartbeatSeconds(), b, "HeartbeatSeconds");
                            history.add(
                                    "TaskScheduled", "name", t.name(), "resource", t.resource(), "parameters", args);
                            history.add("TaskStarted", "name", t.name(), "resource", t.resource());
                            JsonNode result = invoke(t, args, timeout);
                            history.add("TaskSucceeded", "name", t.name(), "resource", t.resource(), "output", result);
                            return result;
                        },
                        (result, retryCount) -> finish(t, v, result, result, retryCount));
            case State.MapState m ->
                withRetries(
                        m.retry(),
                        m.catchers(),
                        v,
                        retryCount -> map(m, v),
                        (result, retryCount) -> finish(m, v, result, result, retryCount));
            case State.Parallel p ->
                withRetries(
                        p.retry(),
                        p.catchers(),
                        v,
                        retryCount -> parallel(p, v),
                        (result, retryCount) -> finish(p, v, result, result, retryCount));
        };
    }

    private interface Attempt {
        JsonNode run(int retryCount);
    }

    private interface Finish {
        Step apply(JsonNode result, int retryCount);
    }

    private Step withRetries(
            List<State.Retrier> retriers, List<State.Catcher> catchers, Visit v, Attempt attempt, Finish finish) {
        Map<State.Retrier, Integer> counts = new HashMap<>();
        int retryCount = 0;
        while (true) {
            try {
                JsonNode result = attempt.run(retryCount);
                return finish.apply(result, retryCount);
            } catch (StatesError e) {
                State.Retrier retrier = retriers.stream()
                        .filter(r -> e.matches(r.errorEquals()))
                        .findFirst()
                        .orElse(null);
                if (retrier != null && counts.getOrDefault(retrier, 0) < retrier.maxAttempts()) {
                    int n = counts.merge(retrier, 1, Integer::sum);
                    sleep(backoff(retrier, n));
                    retryCount++;
                    continue;
                }
                for (State.Catcher c : catchers) {
                    if (e.matches(c.errorEquals())) {
                        ObjectNode errorOutput = Values.MAPPER
                                .createObjectNode()
                                .put("Error", e.error())
                                .put("Cause", e.cause());
                        Map<String, Object> b = bindings(v, null, errorOutput, retryCount);
                        JsonNode out = value(c.output(), b, errorOutput, "Output");
                        assign(c.assign(), b, v.vars());
                        history.add(
                                "CaughtError",
                                "name",
                                v.state(),
                                "error",
                                e.error(),
                                "cause",
                                e.cause(),
                                "next",
                                c.next());
                        return new Step(out, c.next());
                    }
                }
                throw e;
            }
        }
    }

    /** Delay before retry {@code n} (1-based): interval × rate^(n-1), capped, and with full jitter drawn from [0, delay]. */
    public static Duration backoff(State.Retrier r, int n, Random random) {
        double delay = r.intervalSeconds() * Math.pow(r.backoffRate(), n - 1);
        if (r.maxDelaySeconds() != null) {
            delay = Math.min(delay, r.maxDelaySeconds());
        }
        if (r.fullJitter()) {
            delay = random.nextDouble() * delay;
        }
        return Duration.ofMillis((long) (delay * 1000));
    }

    private Duration backoff(State.Retrier r, int n) {
        return backoff(r, n, random);
    }

    private Step choice(State.Choice c, Visit v) {
        JsonNode input = v.input();
        Variables vars = v.vars();
        Map<String, Object> b = bindings(v, null, null, 0);
        for (int i = 0; i < c.choices().size(); i++) {
            State.ChoiceRule rule = c.choices().get(i);
            JsonNode matched = expressions.evaluate(rule.condition(), b, "Choices[" + i + "]/Condition");
            if (!matched.isBoolean()) {
                throw new StatesError(
                        StatesError.QUERY_EVALUATION_ERROR,
                        "The Condition of a choice rule in '" + c.name() + "' is not a boolean: " + matched);
            }
            if (matched.asBoolean()) {
                JsonNode out = value(rule.output() != null ? rule.output() : c.output(), b, input, "Output");
                assign(rule.assign() != null ? rule.assign() : c.assign(), b, vars);
                return new Step(out, rule.next());
            }
        }
        if (c.defaultNext() == null) {
            throw new StatesError(StatesError.NO_CHOICE_MATCHED, "No choice rule of '" + c.name() + "' matched");
        }
        JsonNode out = value(c.output(), b, input, "Output");
        assign(c.assign(), b, vars);
        return new Step(out, c.defaultNext());
    }

    private JsonNode map(State.MapState m, Visit v) {
        JsonNode input = v.input();
        Variables vars = v.vars();
        Map<String, Object> b = bindings(v, null, null, 0);
        JsonNode items = m.items() == null ? input : expressions.evaluate(m.items(), b, "Items");
        if (!items.isArray()) {
            throw new StatesError(
                    StatesError.QUERY_EVALUATION_ERROR,
                    "The JSONata expression '" + Expressions.source(m.items()) + "' specified for the field 'Items'"
                            + " returned " + Expressions.describe(items) + ", not an array.");
        }
        history.add("MapRunStarted", "name", m.name(), "itemCount", items.size());
        int max = nonNegative(m.maxConcurrency(), b, "MaxConcurrency");
        int limit = max == 0 ? DEFAULT_MAX_CONCURRENCY : max;
        List<JsonNode> contexts = new ArrayList<>();
        List<JsonNode> inputs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ObjectNode item = Values.MAPPER.createObjectNode().put("Index", i).set("Value", items.get(i));
            contexts.add(item);
            inputs.add(
                    m.itemSelector() == null
                            ? items.get(i)
                            : expressions.evaluate(
                                    m.itemSelector(), bindings(v.atItem(item), null, null, 0), "ItemSelector"));
        }
        ArrayNode results = runAll(inputs, limit, (i, in) -> {
            JsonNode item = contexts.get(i);
            history.add("MapIterationStarted", "name", m.name(), "index", i);
            try {
                JsonNode out = run(m.processor(), in, new Variables(vars), item);
                history.add("MapIterationSucceeded", "name", m.name(), "index", i);
                return out;
            } catch (StatesError e) {
                history.add("MapIterationFailed", "name", m.name(), "index", i, "error", e.error());
                throw e;
            }
        });
        history.add("MapRunSucceeded", "name", m.name());
        return results;
    }

    private JsonNode parallel(State.Parallel p, Visit v) {
        JsonNode input = v.input();
        Map<String, Object> b = bindings(v, null, null, 0);
        JsonNode branchInput = p.arguments() == null ? input : expressions.evaluate(p.arguments(), b, "Arguments");
        List<JsonNode> inputs = new ArrayList<>();
        p.branches().forEach(x -> inputs.add(branchInput));
        return runAll(
                inputs,
                p.branches().size(),
                (i, in) -> run(p.branches().get(i), in, new Variables(v.vars()), v.mapItem()));
    }

    private interface Branch {
        JsonNode run(int index, JsonNode input);
    }

    /** Runs branches on virtual threads, at most {@code limit} at once; results in input order; the first failure (by index) wins. */
    private ArrayNode runAll(List<JsonNode> inputs, int limit, Branch branch) {
        Semaphore permits = new Semaphore(Math.max(1, limit));
        List<Future<JsonNode>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < inputs.size(); i++) {
                int index = i;
                // The permit is taken here, before the item is handed to a thread, so that items start
                // in input order, as AWS starts them; with a limit of 1 each ends before the next starts.
                try {
                    permits.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    futures.forEach(x -> x.cancel(true));
                    throw new StatesError(StatesError.RUNTIME, "interrupted");
                }
                futures.add(pool.submit(() -> {
                    try {
                        return branch.run(index, inputs.get(index));
                    } finally {
                        permits.release();
                    }
                }));
                if (futures.stream().anyMatch(f -> f.isDone() && failed(f))) {
                    break; // a failed item fails the Map: start no more
                }
            }
            ArrayNode results = Values.MAPPER.createArrayNode();
            for (Future<JsonNode> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    futures.forEach(x -> x.cancel(true));
                    if (e.getCause() instanceof StatesError se) {
                        throw se;
                    }
                    throw new StatesError(StatesError.RUNTIME, String.valueOf(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StatesError(StatesError.RUNTIME, "interrupted");
                }
            }
            return results;
        }
    }

    private JsonNode invoke(State.Task t, JsonNode args, Integer timeoutSeconds) {
        TaskResource resource = resources.apply(t.resource());
        if (timeoutSeconds == null) {
            return call(t, resource, args);
        }
        try (ExecutorService one = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<JsonNode> f = one.submit(() -> call(t, resource, args));
            try {
                return f.get(timeoutSeconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                history.add("TaskTimedOut", "name", t.name(), "resource", t.resource());
                throw new StatesError(
                        StatesError.TIMEOUT, "Task '" + t.name() + "' ran longer than " + timeoutSeconds + " s");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof StatesError se) {
                    throw se;
                }
                throw new StatesError(StatesError.TASK_FAILED, String.valueOf(e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StatesError(StatesError.RUNTIME, "interrupted");
            }
        }
    }

    private JsonNode call(State.Task t, TaskResource resource, JsonNode args) {
        try {
            return resource.invoke(args);
        } catch (StatesError e) {
            history.add(
                    "TaskFailed", "name", t.name(), "resource", t.resource(), "error", e.error(), "cause", e.cause());
            throw e;
        }
    }

    private Step finish(State state, Visit v, JsonNode result, JsonNode fallback, int retryCount) {
        Map<String, Object> b = bindings(v, result, null, retryCount);
        // Output and Assign both see the variables as they were before this state assigns.
        JsonNode out = value(state.output(), b, fallback, "Output");
        assign(state.assign(), b, v.vars());
        return new Step(out, state.next());
    }

    private JsonNode value(JsonNode template, Map<String, Object> bindings, JsonNode fallback, String field) {
        return template == null ? fallback : expressions.evaluate(template, bindings, field);
    }

    private void assign(JsonNode template, Map<String, Object> bindings, Variables vars) {
        if (template == null) {
            return;
        }
        JsonNode values = expressions.evaluate(template, bindings, "Assign");
        Map<String, Object> assigned = new LinkedHashMap<>();
        values.properties().forEach(e -> assigned.put(e.getKey(), Values.toJava(e.getValue())));
        vars.putAll(assigned);
    }

    /** A Fail field in a JSONata state: null when absent; JSON null reads as absent too. */
    private String text(JsonNode template, Map<String, Object> bindings, String field) {
        if (template == null) {
            return null;
        }
        JsonNode v = expressions.evaluate(template, bindings, field);
        return v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
    }

    private static String literal(JsonNode node) {
        return node == null || node.isNull() ? null : node.isTextual() ? node.asText() : node.toString();
    }

    /** Wait's Timestamp: an ISO-8601 date-time with an offset ({@code Z} or {@code +01:00}), as AWS requires. */
    private static Instant timestamp(State.Wait w, JsonNode t) {
        String text = t.isTextual() ? t.asText() : t.toString();
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new StatesError(
                    StatesError.QUERY_EVALUATION_ERROR,
                    "The value of the field 'Timestamp' of Wait state '" + w.name()
                            + "' must be an ISO-8601 date-time with an offset, such as 2026-01-01T00:00:00Z;"
                            + " it was '" + text + "'.");
        }
    }

    /** TimeoutSeconds or HeartbeatSeconds: a positive integer, written as one or as an expression. */
    private Integer positiveSeconds(JsonNode template, Map<String, Object> bindings, String field) {
        if (template == null) {
            return null;
        }
        JsonNode v = expressions.evaluate(template, bindings, field);
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() <= 0) {
            throw new StatesError(
                    StatesError.QUERY_EVALUATION_ERROR,
                    "The value of the field '" + field + "' must be a positive integer; it was " + v + ".");
        }
        return v.asInt();
    }

    private int nonNegative(JsonNode template, Map<String, Object> bindings, String field) {
        if (template == null) {
            return 0;
        }
        JsonNode v = expressions.evaluate(template, bindings, field);
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0) {
            throw new StatesError(
                    StatesError.QUERY_EVALUATION_ERROR,
                    "The value of the field '" + field + "' must be a non-negative integer; it was " + v + ".");
        }
        return v.asInt();
    }

    private static boolean failed(Future<JsonNode> f) {
        try {
            f.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /**
     * One state being run: what every expression in it sees, apart from the task's result, the caught
     * error and the retry count.
     *
     * @param mapItem the Map item ({@code Index}, {@code Value}) when inside a Map iteration, else null
     */
    private record Visit(String state, JsonNode input, Variables vars, Instant entered, JsonNode mapItem) {
        /** The same visit as one Map item sees it (its ItemSelector). */
        Visit atItem(JsonNode item) {
            return new Visit(state, input, vars, entered, item);
        }
    }

    private Map<String, Object> bindings(Visit v, JsonNode result, JsonNode errorOutput, int retryCount) {
        JsonNode input = v.input();
        Variables vars = v.vars();
        String stateName = v.state();
        Instant entered = v.entered();
        JsonNode mapItem = v.mapItem();
        Map<String, Object> b = new HashMap<>(vars.visible());
        Map<String, Object> states = new HashMap<>();
        states.put("input", Values.toJava(input));
        if (result != null) {
            states.put("result", Values.toJava(result));
        }
        if (errorOutput != null) {
            states.put("errorOutput", Values.toJava(errorOutput));
        }
        Map<String, Object> context = new HashMap<>(executionContext);
        Map<String, Object> stateContext = new HashMap<>();
        stateContext.put("Name", stateName);
        stateContext.put("EnteredTime", entered.toString());
        stateContext.put("RetryCount", retryCount);
        context.put("State", stateContext);
        if (mapItem != null) {
            context.put("Map", Map.of("Item", Values.toJava(mapItem)));
        }
        states.put("context", context);
        b.put("states", states);
        return b;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    private void sleep(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatesError(StatesError.RUNTIME, "interrupted while waiting");
        }
    }

    private static String kind(State s) {
        return switch (s) {
            case State.Task t -> "Task";
            case State.Pass p -> "Pass";
            case State.Choice c -> "Choice";
            case State.Wait w -> "Wait";
            case State.Succeed x -> "Succeed";
            case State.Fail f -> "Fail";
            case State.MapState m -> "Map";
            case State.Parallel p -> "Parallel";
        };
    }
}

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
        return switch (state) {
            case State.Pass p -> finish(p, input, null, input, vars, entered, mapItem, 0);
            case State.Succeed s ->
                new Step(
                        value(s.output(), bindings(input, null, null, vars, state.name(), entered, mapItem, 0), input),
                        null);
            case State.Fail f -> {
                Map<String, Object> b = bindings(input, null, null, vars, state.name(), entered, mapItem, 0);
                String error = text(f.error(), b, "States.Fail");
                String cause = text(f.cause(), b, null);
                history.add("FailStateEntered", "name", f.name(), "error", error, "cause", cause);
                throw new StatesError(error, cause);
            }
            case State.Choice c -> choice(c, input, vars, entered, mapItem);
            case State.Wait w -> {
                Map<String, Object> b = bindings(input, null, null, vars, state.name(), entered, mapItem, 0);
                Duration d;
                if (w.seconds() != null) {
                    JsonNode s = expressions.evaluate(w.seconds(), b);
                    if (!s.isNumber() || s.asDouble() < 0) {
                        throw new StatesError(
                                StatesError.QUERY_EVALUATION_ERROR, "Wait Seconds is not a non-negative number: " + s);
                    }
                    d = Duration.ofMillis((long) (s.asDouble() * 1000));
                } else {
                    JsonNode t = expressions.evaluate(w.timestamp(), b);
                    d = Duration.between(clock.instant(), Instant.parse(t.asText()));
                }
                sleep(d.isNegative() ? Duration.ZERO : d);
                yield finish(w, input, null, input, vars, entered, mapItem, 0);
            }
            case State.Task t ->
                withRetries(
                        t.retry(),
                        t.catchers(),
                        t.name(),
                        input,
                        vars,
                        entered,
                        mapItem,
                        retryCount -> {
                            Map<String, Object> b =
                                    bindings(input, null, null, vars, state.name(), entered, mapItem, retryCount);
                            JsonNode args = t.arguments() == null ? input : expressions.evaluate(t.arguments(), b);
                            history.add(
                                    "TaskScheduled", "name", t.name(), "resource", t.resource(), "parameters", args);
                            history.add("TaskStarted", "name", t.name(), "resource", t.resource());
                            JsonNode result = invoke(t, args);
                            history.add("TaskSucceeded", "name", t.name(), "resource", t.resource(), "output", result);
                            return result;
                        },
                        (result, retryCount) -> finish(t, input, result, result, vars, entered, mapItem, retryCount));
            case State.MapState m ->
                withRetries(
                        m.retry(),
                        m.catchers(),
                        m.name(),
                        input,
                        vars,
                        entered,
                        mapItem,
                        retryCount -> map(m, input, vars, entered, mapItem),
                        (result, retryCount) -> finish(m, input, result, result, vars, entered, mapItem, retryCount));
            case State.Parallel p ->
                withRetries(
                        p.retry(),
                        p.catchers(),
                        p.name(),
                        input,
                        vars,
                        entered,
                        mapItem,
                        retryCount -> parallel(p, input, vars, entered, mapItem),
                        (result, retryCount) -> finish(p, input, result, result, vars, entered, mapItem, retryCount));
        };
    }

    private interface Attempt {
        JsonNode run(int retryCount);
    }

    private interface Finish {
        Step apply(JsonNode result, int retryCount);
    }

    private Step withRetries(
            List<State.Retrier> retriers,
            List<State.Catcher> catchers,
            String name,
            JsonNode input,
            Variables vars,
            Instant entered,
            JsonNode mapItem,
            Attempt attempt,
            Finish finish) {
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
                        Map<String, Object> b =
                                bindings(input, null, errorOutput, vars, name, entered, mapItem, retryCount);
                        JsonNode out = value(c.output(), b, errorOutput);
                        assign(c.assign(), b, vars);
                        history.add(
                                "CaughtError", "name", name, "error", e.error(), "cause", e.cause(), "next", c.next());
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

    private Step choice(State.Choice c, JsonNode input, Variables vars, Instant entered, JsonNode mapItem) {
        Map<String, Object> b = bindings(input, null, null, vars, c.name(), entered, mapItem, 0);
        for (State.ChoiceRule rule : c.choices()) {
            JsonNode v = expressions.evaluate(rule.condition(), b);
            if (!v.isBoolean()) {
                throw new StatesError(
                        StatesError.QUERY_EVALUATION_ERROR,
                        "The Condition of a choice rule in '" + c.name() + "' is not a boolean: " + v);
            }
            if (v.asBoolean()) {
                JsonNode out = value(rule.output() != null ? rule.output() : c.output(), b, input);
                assign(rule.assign() != null ? rule.assign() : c.assign(), b, vars);
                return new Step(out, rule.next());
            }
        }
        if (c.defaultNext() == null) {
            throw new StatesError(StatesError.NO_CHOICE_MATCHED, "No choice rule of '" + c.name() + "' matched");
        }
        JsonNode out = value(c.output(), b, input);
        assign(c.assign(), b, vars);
        return new Step(out, c.defaultNext());
    }

    private JsonNode map(State.MapState m, JsonNode input, Variables vars, Instant entered, JsonNode outerItem) {
        Map<String, Object> b = bindings(input, null, null, vars, m.name(), entered, outerItem, 0);
        JsonNode items = m.items() == null ? input : expressions.evaluate(m.items(), b);
        if (!items.isArray()) {
            throw new StatesError(
                    StatesError.QUERY_EVALUATION_ERROR, "Map '" + m.name() + "' Items is not an array: " + items);
        }
        history.add("MapRunStarted", "name", m.name(), "itemCount", items.size());
        int limit = m.maxConcurrency() == 0 ? DEFAULT_MAX_CONCURRENCY : m.maxConcurrency();
        List<JsonNode> contexts = new ArrayList<>();
        List<JsonNode> inputs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ObjectNode item = Values.MAPPER.createObjectNode().put("Index", i).set("Value", items.get(i));
            contexts.add(item);
            inputs.add(
                    m.itemSelector() == null
                            ? items.get(i)
                            : expressions.evaluate(
                                    m.itemSelector(), bindings(input, null, null, vars, m.name(), entered, item, 0)));
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

    private JsonNode parallel(State.Parallel p, JsonNode input, Variables vars, Instant entered, JsonNode mapItem) {
        Map<String, Object> b = bindings(input, null, null, vars, p.name(), entered, mapItem, 0);
        JsonNode branchInput = p.arguments() == null ? input : expressions.evaluate(p.arguments(), b);
        List<JsonNode> inputs = new ArrayList<>();
        p.branches().forEach(x -> inputs.add(branchInput));
        return runAll(
                inputs, p.branches().size(), (i, in) -> run(p.branches().get(i), in, new Variables(vars), mapItem));
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
                futures.add(pool.submit(() -> {
                    permits.acquire();
                    try {
                        return branch.run(index, inputs.get(index));
                    } finally {
                        permits.release();
                    }
                }));
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

    private JsonNode invoke(State.Task t, JsonNode args) {
        TaskResource resource = resources.apply(t.resource());
        if (t.timeoutSeconds() == null) {
            return call(t, resource, args);
        }
        try (ExecutorService one = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<JsonNode> f = one.submit(() -> call(t, resource, args));
            try {
                return f.get(t.timeoutSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                history.add("TaskTimedOut", "name", t.name(), "resource", t.resource());
                throw new StatesError(
                        StatesError.TIMEOUT, "Task '" + t.name() + "' ran longer than " + t.timeoutSeconds() + " s");
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

    private Step finish(
            State state,
            JsonNode input,
            JsonNode result,
            JsonNode fallback,
            Variables vars,
            Instant entered,
            JsonNode mapItem,
            int retryCount) {
        Map<String, Object> b = bindings(input, result, null, vars, state.name(), entered, mapItem, retryCount);
        // Output and Assign both see the variables as they were before this state assigns.
        JsonNode out = value(state.output(), b, fallback);
        assign(state.assign(), b, vars);
        return new Step(out, state.next());
    }

    private JsonNode value(JsonNode template, Map<String, Object> bindings, JsonNode fallback) {
        if (template == null) {
            return fallback;
        }
        JsonNode v = expressions.evaluate(template, bindings);
        return v == null || v.isMissingNode() ? Values.MAPPER.nullNode() : v;
    }

    private void assign(JsonNode template, Map<String, Object> bindings, Variables vars) {
        if (template == null) {
            return;
        }
        JsonNode values = expressions.evaluate(template, bindings);
        Map<String, Object> assigned = new LinkedHashMap<>();
        values.properties().forEach(e -> assigned.put(e.getKey(), Values.toJava(e.getValue())));
        vars.putAll(assigned);
    }

    private String text(JsonNode template, Map<String, Object> bindings, String fallback) {
        if (template == null) {
            return fallback;
        }
        JsonNode v = expressions.evaluate(template, bindings);
        return v == null || v.isMissingNode() || v.isNull() ? fallback : v.isTextual() ? v.asText() : v.toString();
    }

    private Map<String, Object> bindings(
            JsonNode input,
            JsonNode result,
            JsonNode errorOutput,
            Variables vars,
            String stateName,
            Instant entered,
            JsonNode mapItem,
            int retryCount) {
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

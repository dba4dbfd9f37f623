package dev.imagemoderation.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.asl.internal.DefinitionLoader;
import dev.imagemoderation.asl.internal.Executor;
import dev.imagemoderation.asl.internal.Expressions;
import dev.imagemoderation.asl.internal.History;
import dev.imagemoderation.asl.internal.State;
import dev.imagemoderation.asl.internal.Values;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A local Standard workflow: one definition, executions started by name and run on
 * virtual threads (at most {@code maxConcurrent} at once), with Step Functions' rules for
 * names and for starting a name twice.
 */
public final class LocalStepFunctions implements AutoCloseable {

    /** Step Functions refuses names with whitespace, brackets, wildcards, these punctuation marks and control characters. */
    private static final Pattern INVALID_NAME = Pattern.compile("[\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\p{Cntrl}]");

    private final String stateMachineName;
    private final State.Scope definition;
    private final Function<String, TaskResource> resources;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Expressions expressions = new Expressions();
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore running;
    private final ExecutionStore store;
    private final List<Consumer<Execution>> closedListeners = new CopyOnWriteArrayList<>();
    private volatile boolean closing;
    private final List<Runnable> toResume = new ArrayList<>();

    /** A runner for one definition; {@link Builder#build()} validates the definition. */
    public static Builder builder(String stateMachineName, String definitionText) {
        return new Builder(stateMachineName, definitionText);
    }

    /** The runner's collaborators, each with a default but the definition. */
    public static final class Builder {
        private final String stateMachineName;
        private final String definitionText;
        private Map<String, String> substitutions = Map.of();
        private LambdaFunctions lambdas = new LambdaFunctions();
        private S3Integration s3;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.REAL;
        private int maxConcurrent = 8;
        private ExecutionStore store;
        private final Map<String, TaskResource> integrations = new HashMap<>();

        private Builder(String stateMachineName, String definitionText) {
            this.stateMachineName = Objects.requireNonNull(stateMachineName, "stateMachineName");
            this.definitionText = Objects.requireNonNull(definitionText, "definitionText");
        }

        /** Values for the definition's {@code ${...}} placeholders, as CloudFormation's DefinitionSubstitutions. */
        public Builder substitutions(Map<String, String> substitutions) {
            this.substitutions = Map.copyOf(substitutions);
            return this;
        }

        public Builder lambdas(LambdaFunctions lambdas) {
            this.lambdas = Objects.requireNonNull(lambdas, "lambdas");
            return this;
        }

        /** The S3 service integration; without it a definition that uses S3 is refused at load. */
        public Builder s3(S3Integration s3) {
            this.s3 = Objects.requireNonNull(s3, "s3");
            return this;
        }

        /**
         * Another service integration, by its exact resource ARN (for example
         * {@code arn:aws:states:::aws-sdk:sfn:describeExecution}); its errors are thrown as
         * {@link StatesError}s named as AWS names them.
         */
        public Builder integration(String resourceArn, TaskResource resource) {
            integrations.put(
                    Objects.requireNonNull(resourceArn, "resourceArn"), Objects.requireNonNull(resource, "resource"));
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** How many executions run at once; the others wait for a place. */
        public Builder maxConcurrent(int maxConcurrent) {
            if (maxConcurrent < 1) {
                throw new IllegalArgumentException("maxConcurrent must be at least 1");
            }
            this.maxConcurrent = maxConcurrent;
            return this;
        }

        /** Where executions are persisted at every transition; without one nothing outlives the runner. */
        public Builder store(ExecutionStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** @throws InvalidDefinitionException listing every problem of the definition */
        public LocalStepFunctions build() {
            return new LocalStepFunctions(this);
        }
    }

    private LocalStepFunctions(Builder b) {
        this.stateMachineName = b.stateMachineName;
        this.store = b.store;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        this.running = new Semaphore(b.maxConcurrent);
        String text = b.definitionText;
        for (var e : b.substitutions.entrySet()) {
            text = text.replace("${" + e.getKey() + "}", e.getValue());
        }
        JsonNode json;
        try {
            json = Values.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new InvalidDefinitionException(List.of("definition is not JSON: " + e.getMessage()));
        }
        LambdaFunctions lambdas = b.lambdas;
        S3Integration s3 = b.s3;
        Map<String, TaskResource> integrations = Map.copyOf(b.integrations);
        this.resources = resource -> {
            if (resource.equals(LambdaFunctions.RESOURCE)) {
                return lambdas;
            }
            if (s3 != null && s3.supports(resource)) {
                return s3.resource(resource);
            }
            TaskResource other = integrations.get(resource);
            if (other != null) {
                return other;
            }
            throw new StatesError(StatesError.RUNTIME, "no handler for " + resource);
        };
        this.definition = DefinitionLoader.load(
                json,
                r -> r.equals(LambdaFunctions.RESOURCE)
                        || (s3 != null && s3.supports(r))
                        || integrations.containsKey(r));
        if (store != null) {
            restore();
        }
    }

    /**
     * Continues the stored executions that were running, each from its checkpoint. Called once, when
     * everything their tasks need is up; without a store it does nothing.
     */
    public synchronized void resumeRunning() {
        List<Runnable> pending = List.copyOf(toResume);
        toResume.clear();
        pending.forEach(pool::submit);
    }

    /** Where an execution would resume: its last checkpoint. */
    private record Checkpoint(String state, JsonNode input, Map<String, Object> variables) {

        /** The stored checkpoint, or null when the execution never reached one. */
        @SuppressWarnings("unchecked") // Jackson maps a JSON object to Map<String, Object>
        static Checkpoint of(ExecutionStore.Stored s) {
            if (s.checkpointState() == null) {
                return null;
            }
            Map<String, Object> vars = s.checkpointVariables() == null
                    ? Map.of()
                    : (Map<String, Object>) Values.toJava(s.checkpointVariables());
            return new Checkpoint(s.checkpointState(), s.checkpointInput(), vars);
        }
    }

    /**
     * The last checkpoint of each execution that may still need it: running ones, and failed ones (a redrive
     * resumes there). A succeeded execution's is dropped, so that a long-running runner does not keep every
     * execution's variables.
     */
    private final Map<String, Checkpoint> checkpoints = new java.util.concurrent.ConcurrentHashMap<>();

    /** Loads every stored execution, so that names stay taken; the running ones wait for {@link #resumeRunning}. */
    private void restore() {
        for (ExecutionStore.Stored s : store.load()) {
            History history = new History(clock, e -> store.event(s.name(), e), s.events());
            Execution execution = Execution.restored(s, history);
            executions.put(s.name(), execution);
            Checkpoint at = Checkpoint.of(s);
            if (s.status() == Execution.Status.FAILED && at != null) {
                checkpoints.put(s.name(), at);
            }
            if (s.status() == Execution.Status.RUNNING) {
                String startAt = at != null ? at.state() : definition.startAt();
                JsonNode input = at != null && at.input() != null ? at.input() : parse(s.input());
                Map<String, Object> vars = at != null ? at.variables() : Map.of();
                toResume.add(() -> {
                    history.add("ExecutionResumed", "state", startAt);
                    run(execution, parse(s.input()), startAt, input, vars);
                });
            }
        }
    }

    private static JsonNode parse(String json) {
        try {
            return Values.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("stored input is not JSON", e);
        }
    }

    public String stateMachineArn() {
        return "arn:aws:states:local:000000000000:stateMachine:" + stateMachineName;
    }

    /**
     * Starts an execution, or returns the running one started with the same name and input.
     *
     * @throws IllegalArgumentException for a name Step Functions would refuse
     * @throws ExecutionAlreadyExistsException for a name used by a closed execution or with other input
     */
    public synchronized Execution start(String name, String input) {
        if (name == null
                || name.isEmpty()
                || name.length() > 80
                || INVALID_NAME.matcher(name).find()) {
            throw new IllegalArgumentException("Invalid Name: '" + name + "'");
        }
        JsonNode inputJson;
        try {
            inputJson = Values.MAPPER.readTree(input);
        } catch (IOException e) {
            throw new IllegalArgumentException("Invalid execution input: not JSON");
        }
        Execution existing = executions.get(name);
        if (existing != null) {
            if (existing.status() == Execution.Status.RUNNING
                    && existing.input().equals(input)) {
                return existing;
            }
            throw new ExecutionAlreadyExistsException("Execution Already Exists: '" + existing.arn() + "'");
        }
        Instant now = clock.instant();
        String arn = stateMachineArn().replace(":stateMachine:", ":execution:") + ":" + name;
        History history = new History(clock, e -> {
            if (store != null) {
                store.event(name, e);
            }
        });
        Execution execution = new Execution(arn, name, input, now, history);
        executions.put(name, execution);
        if (store != null) {
            store.created(execution);
        }
        history.add("ExecutionStarted", "input", inputJson, "stateMachineArn", stateMachineArn());
        if (store != null) {
            store.flush(); // the caller deletes its queue message on this answer
        }
        pool.submit(() -> run(execution, inputJson, definition.startAt(), inputJson, Map.of()));
        return execution;
    }

    private void run(
            Execution execution, JsonNode input, String startAt, JsonNode stateInput, Map<String, Object> vars) {
        try {
            running.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            ObjectNode context = Values.MAPPER.createObjectNode();
            // A resume after a restart is this runner's redrive too: the interrupted state runs again.
            long redrives = execution.history().stream()
                    .filter(e -> e.type().equals("ExecutionResumed") || e.type().equals("ExecutionRedriven"))
                    .count();
            context.putObject("Execution")
                    .put("Id", execution.arn())
                    .put("Name", execution.name())
                    .put("StartTime", execution.startDate().toString())
                    .put("RedriveCount", redrives)
                    .set("Input", input);
            context.putObject("StateMachine").put("Id", stateMachineArn()).put("Name", stateMachineName);
            History history = execution.log();
            Executor.Checkpointer checkpointer = (state, in, variables) -> {
                checkpoints.put(execution.name(), new Checkpoint(state, in, new java.util.HashMap<>(variables)));
                if (store != null) {
                    store.checkpoint(execution.name(), state, in, variables);
                }
            };
            Executor executor = new Executor(expressions, resources, clock, sleeper, history, context, checkpointer);
            Executor.Variables variables = new Executor.Variables(null);
            variables.putAll(vars);
            JsonNode output = executor.runTop(definition, startAt, stateInput, variables);
            history.add("ExecutionSucceeded", "output", output);
            execution.succeed(output, clock.instant());
        } catch (RuntimeException e) {
            if (closing) {
                return; // stopped by close(): still RUNNING in the store, resumed at the next start
            }
            String error = e instanceof StatesError se ? se.error() : StatesError.RUNTIME;
            String cause = e instanceof StatesError se ? se.cause() : String.valueOf(e);
            execution.log().add("ExecutionFailed", "error", error, "cause", cause);
            execution.fail(error, cause, clock.instant());
        } finally {
            if (execution.status() == Execution.Status.SUCCEEDED) {
                checkpoints.remove(execution.name());
            }
            if (store != null && execution.status() != Execution.Status.RUNNING) {
                store.closed(execution);
            }
            running.release();
            if (execution.status() != Execution.Status.RUNNING) {
                closedListeners.forEach(l -> l.accept(execution));
            }
        }
    }

    /**
     * RedriveExecution: a failed execution runs again from the state that failed, with the input and the
     * variables it had there; the states before it are not run again. Its {@code RedriveCount} goes up by one.
     *
     * @throws StatesError {@code ExecutionDoesNotExist} or {@code ExecutionNotRedrivable}, as AWS names them
     */
    public synchronized Execution redrive(String name) {
        Execution execution = executions.get(name);
        if (execution == null) {
            throw new StatesError("Sfn.ExecutionDoesNotExistException", "Execution Does Not Exist: '" + name + "'");
        }
        Checkpoint at = checkpoints.get(name);
        if (execution.status() != Execution.Status.FAILED || at == null) {
            throw new StatesError(
                    "Sfn.ExecutionNotRedrivableException",
                    "Execution " + execution.arn() + " is " + execution.status()
                            + (at == null ? " and has no state to resume from" : "") + "; only a failed execution"
                            + " can be redriven");
        }
        execution.reopen();
        if (store != null) {
            store.reopened(execution);
        }
        execution.log().add("ExecutionRedriven", "state", at.state());
        if (store != null) {
            store.flush();
        }
        JsonNode input = parse(execution.input());
        pool.submit(() -> run(execution, input, at.state(), at.input(), at.variables()));
        return execution;
    }

    /** Called once for every execution that succeeds or fails from now on (metrics, the demo's narration). */
    public void onClosed(Consumer<Execution> listener) {
        closedListeners.add(listener);
    }

    public Execution describe(String name) {
        return executions.get(name);
    }

    public Collection<Execution> list() {
        return List.copyOf(executions.values());
    }

    /** Stops running executions where they are (they resume at the next start) and closes the store. */
    @Override
    public void close() {
        closing = true;
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (store != null) {
            store.close();
        }
    }
}

package dev.imagemoderation.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where executions are kept so that they survive a restart: written at every
 * transition, read back at start. Running executions resume from their last checkpoint
 * (the state being entered, its input and the variables), so the state in flight at a
 * crash runs again: at-least-once, as in AWS.
 *
 * <p>History events may reach the disk a little late. A new execution (before
 * {@code StartExecution} answers, since the caller then deletes its queue message) and each
 * checkpoint (before the state runs, since it may act on the world) must not: they are on
 * disk when the call returns.
 */
public interface ExecutionStore extends AutoCloseable {

    /** An execution as stored, with where to resume it if it was running. */
    record Stored(
            String name,
            String arn,
            String input,
            Execution.Status status,
            JsonNode output,
            String error,
            String cause,
            Instant startDate,
            Instant stopDate,
            String checkpointState,
            JsonNode checkpointInput,
            JsonNode checkpointVariables,
            List<HistoryEvent> events) {}

    void created(Execution execution);

    void event(String executionName, HistoryEvent event);

    /** Where to resume; durable when it returns. */
    void checkpoint(String executionName, String stateName, JsonNode input, Map<String, Object> variables);

    void closed(Execution execution);

    /** A failed execution redriven: running again, resumed from its last checkpoint. */
    default void reopened(Execution execution) {
        closed(execution);
    }

    /** Returns once everything written so far would survive the process being killed. */
    void flush();

    List<Stored> load();

    @Override
    void close();
}

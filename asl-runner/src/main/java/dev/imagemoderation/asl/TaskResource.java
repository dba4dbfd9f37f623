package dev.imagemoderation.asl;

import com.fasterxml.jackson.databind.JsonNode;

/** What a Task's {@code Resource} runs. Failures are thrown as {@link StatesError}s named as AWS names them. */
@FunctionalInterface
public interface TaskResource {

    JsonNode invoke(JsonNode arguments);
}

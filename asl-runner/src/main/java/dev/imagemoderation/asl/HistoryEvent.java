package dev.imagemoderation.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One entry of an execution's history, shaped like {@code GetExecutionHistory}'s events:
 * numbered, linked to the previous one, timestamped; {@code details} holds the state name,
 * input, output, resource, error and cause as the event type carries them.
 */
public record HistoryEvent(long id, long previousEventId, Instant timestamp, String type, JsonNode details) {}

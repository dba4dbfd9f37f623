package dev.imagemoderation.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagemoderation.asl.Execution;
import dev.imagemoderation.asl.LocalStepFunctions;
import dev.imagemoderation.asl.StatesError;
import dev.imagemoderation.asl.TaskResource;
import dev.imagemoderation.core.json.Json;

/**
 * {@code arn:aws:states:::aws-sdk:sfn:redriveExecution} for the review workflow, on the local moderation
 * runner: the failed moderation continues from the step that failed, and the answer has RedriveExecution's
 * shape ({@code RedriveDate}). A moderation that did not fail is refused as AWS refuses it.
 */
final class ExecutionRedrive implements TaskResource {

    private final LocalStepFunctions moderation;

    ExecutionRedrive(LocalStepFunctions moderation) {
        this.moderation = moderation;
    }

    @Override
    public JsonNode invoke(JsonNode arguments) {
        String arn = arguments.path("ExecutionArn").asText();
        String prefix = ExecutionLookup.arnPrefix(moderation);
        if (!arn.startsWith(prefix)) {
            throw new StatesError("Sfn.ExecutionDoesNotExistException", "Execution Does Not Exist: '" + arn + "'");
        }
        Execution e = moderation.redrive(arn.substring(prefix.length()));
        return Json.mapper()
                .createObjectNode()
                .put("RedriveDate", java.time.Instant.now().toString())
                .put("ExecutionArn", e.arn());
    }
}

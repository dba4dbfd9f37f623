package dev.imagemoderation.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.asl.Execution;
import dev.imagemoderation.asl.LocalStepFunctions;
import dev.imagemoderation.asl.StatesError;
import dev.imagemoderation.asl.TaskResource;
import dev.imagemoderation.core.json.Json;

/**
 * {@code arn:aws:states:::aws-sdk:sfn:describeExecution} for the review workflow, on the local
 * moderation runner: the answer has DescribeExecution's shape ({@code Status}, {@code Input}
 * and {@code Output} as JSON text, {@code Error} and {@code Cause} of a failed one), and an unknown execution
 * fails as AWS names it.
 */
final class ExecutionLookup implements TaskResource {

    private final LocalStepFunctions moderation;

    ExecutionLookup(LocalStepFunctions moderation) {
        this.moderation = moderation;
    }

    /** What a moderation execution's ARN begins with; its name follows. */
    static String arnPrefix(LocalStepFunctions runner) {
        return runner.stateMachineArn().replace(":stateMachine:", ":execution:") + ":";
    }

    @Override
    public JsonNode invoke(JsonNode arguments) {
        String arn = arguments.path("ExecutionArn").asText();
        String prefix = arnPrefix(moderation);
        Execution e = arn.startsWith(prefix) ? moderation.describe(arn.substring(prefix.length())) : null;
        if (e == null) {
            throw new StatesError("Sfn.ExecutionDoesNotExistException", "Execution Does Not Exist: '" + arn + "'");
        }
        ObjectNode r = Json.mapper()
                .createObjectNode()
                .put("ExecutionArn", e.arn())
                .put("Name", e.name())
                .put("StateMachineArn", moderation.stateMachineArn())
                .put("Status", e.status().name())
                .put("Input", e.input())
                .put("StartDate", e.startDate().toString());
        if (e.output() != null && !e.output().isMissingNode()) {
            r.put("Output", e.output().toString());
        }
        if (e.error() != null) {
            r.put("Error", e.error());
            r.put("Cause", e.cause());
        }
        if (e.stopDate() != null) {
            r.put("StopDate", e.stopDate().toString());
        }
        return r;
    }
}

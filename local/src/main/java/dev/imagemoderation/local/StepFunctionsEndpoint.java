package dev.imagemoderation.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagemoderation.asl.ExecutionAlreadyExistsException;
import dev.imagemoderation.asl.LocalStepFunctions;
import dev.imagemoderation.awsjson.AwsJsonServer;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code StartExecution} of the Step Functions JSON 1.0 protocol in front of the local
 * runners, one per state machine, so the dispatcher's real {@code SfnClient} reaches them
 * exactly as it reaches AWS.
 */
final class StepFunctionsEndpoint implements AutoCloseable {

    private final AwsJsonServer server = new AwsJsonServer("1.0");
    private final Map<String, LocalStepFunctions> runners = new LinkedHashMap<>();

    StepFunctionsEndpoint(LocalStepFunctions... runners) {
        for (LocalStepFunctions r : runners) {
            this.runners.put(r.stateMachineArn(), r);
        }
        server.on("AWSStepFunctions.StartExecution", this::start);
    }

    URI endpoint() {
        return server.endpoint();
    }

    private AwsJsonServer.Reply start(JsonNode request) {
        LocalStepFunctions runner = runners.get(request.path("stateMachineArn").asText());
        if (runner == null) {
            return new AwsJsonServer.Reply.Error(
                    400,
                    "StateMachineDoesNotExist",
                    "State Machine Does Not Exist: '"
                            + request.path("stateMachineArn").asText() + "'");
        }
        try {
            var e = runner.start(
                    request.path("name").asText(), request.path("input").asText("{}"));
            return new AwsJsonServer.Reply.Ok(AwsJsonServer.object()
                    .put("executionArn", e.arn())
                    .put("startDate", e.startDate().toEpochMilli() / 1000.0));
        } catch (ExecutionAlreadyExistsException e) {
            return new AwsJsonServer.Reply.Error(400, "ExecutionAlreadyExists", e.getMessage());
        } catch (IllegalArgumentException e) {
            return new AwsJsonServer.Reply.Error(400, "InvalidName", e.getMessage());
        }
    }

    @Override
    public void close() {
        server.close();
    }
}

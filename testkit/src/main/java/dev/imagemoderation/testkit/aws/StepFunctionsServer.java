package dev.imagemoderation.testkit.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagemoderation.awsjson.AwsJsonServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code StartExecution} of the Step Functions JSON 1.0 protocol, with the name rule of
 * a Standard workflow whose executions have closed: a name used before is refused with
 * {@code ExecutionAlreadyExists}. Throttling can be scripted for the next calls.
 */
public final class StepFunctionsServer implements AutoCloseable {

    public static final String START_EXECUTION = "AWSStepFunctions.StartExecution";

    private final AwsJsonServer server = new AwsJsonServer("1.0");
    private final Map<String, String> inputsByName = new ConcurrentHashMap<>();
    private final AtomicInteger throttleNext = new AtomicInteger();

    public StepFunctionsServer() {
        server.on(START_EXECUTION, this::startExecution);
    }

    /** The next {@code n} StartExecution calls answer {@code ThrottlingException}. */
    public StepFunctionsServer throttleNext(int n) {
        throttleNext.set(n);
        return this;
    }

    /** Marks a name as used, as if an earlier execution had run under it. */
    public StepFunctionsServer existing(String name) {
        inputsByName.put(name, "{}");
        return this;
    }

    public URI endpoint() {
        return server.endpoint();
    }

    /** Every StartExecution call received, including refused ones. */
    public List<AwsJsonServer.Call> startCalls() {
        return server.calls(START_EXECUTION);
    }

    /** Input of each started execution, by name. */
    public Map<String, String> started() {
        return Map.copyOf(inputsByName);
    }

    private AwsJsonServer.Reply startExecution(JsonNode req) {
        if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return new AwsJsonServer.Reply.Error(400, "ThrottlingException", "Rate exceeded");
        }
        String arn = req.path("stateMachineArn").asText();
        String name = req.path("name").asText();
        if (arn.isEmpty() || name.isEmpty()) {
            return new AwsJsonServer.Reply.Error(400, "ValidationException", "stateMachineArn and name are required");
        }
        String executionArn = arn.replace(":stateMachine:", ":execution:") + ":" + name;
        if (inputsByName.putIfAbsent(name, req.path("input").asText("{}")) != null) {
            return new AwsJsonServer.Reply.Error(
                    400, "ExecutionAlreadyExists", "Execution Already Exists: '" + executionArn + "'");
        }
        return new AwsJsonServer.Reply.Ok(AwsJsonServer.object()
                .put("executionArn", executionArn)
                .put("startDate", System.currentTimeMillis() / 1000.0));
    }

    @Override
    public void close() {
        server.close();
    }
}

package dev.imagemoderation.asl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.asl.Execution;
import dev.imagemoderation.asl.HistoryEvent;
import dev.imagemoderation.asl.InvalidDefinitionException;
import dev.imagemoderation.asl.LambdaFunctions;
import dev.imagemoderation.asl.LocalStepFunctions;
import dev.imagemoderation.asl.Sleeper;
import dev.imagemoderation.asl.StatesError;
import dev.imagemoderation.asl.TaskResource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code run <definition.json> <input.json> [--tasks <mapping.json>] [--no-wait]}: runs a
 * JSONata state machine once and prints its status, output, error, cause and history as
 * JSON. The mapping file scripts the Lambda functions by {@code FunctionName}: a value
 * {@code {"result": ...}} answers that payload, {@code {"error": "Name", "cause": "..."}}
 * fails the task; an array of such values answers call after call (the last repeats).
 * Exit status: 0 succeeded, 1 failed, 2 unusable arguments or definition.
 */
public final class RunCommand {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RunCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 3 || !args[0].equals("run")) {
            err.println("usage: run <definition.json> <input.json> [--tasks <mapping.json>] [--no-wait]");
            return 2;
        }
        try {
            String definition = Files.readString(Path.of(args[1]));
            String input = Files.readString(Path.of(args[2]));
            LambdaFunctions lambdas = new LambdaFunctions();
            Sleeper sleeper = Sleeper.REAL;
            for (int i = 3; i < args.length; i++) {
                if (args[i].equals("--tasks") && i + 1 < args.length) {
                    scripted(MAPPER.readTree(Path.of(args[++i]).toFile()), lambdas);
                } else if (args[i].equals("--no-wait")) {
                    sleeper = d -> {};
                } else {
                    err.println("unknown argument: " + args[i]);
                    return 2;
                }
            }
            try (LocalStepFunctions sfn = LocalStepFunctions.builder("cli", definition)
                    .lambdas(lambdas)
                    .sleeper(sleeper)
                    .maxConcurrent(1)
                    .build()) {
                Execution e = sfn.start("cli-run", input).completion().get(1, TimeUnit.HOURS);
                out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report(e)));
                return e.status() == Execution.Status.SUCCEEDED ? 0 : 1;
            }
        } catch (InvalidDefinitionException e) {
            err.println(e.getMessage());
            return 2;
        } catch (IOException | IllegalArgumentException e) {
            err.println("cannot run: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("runner failed: " + e);
            return 2;
        }
    }

    private static void scripted(JsonNode mapping, LambdaFunctions lambdas) {
        for (Map.Entry<String, JsonNode> entry : mapping.properties()) {
            List<JsonNode> answers =
                    entry.getValue().isArray() ? iterable(entry.getValue()) : List.of(entry.getValue());
            AtomicInteger call = new AtomicInteger();
            lambdas.register(entry.getKey(), (TaskResource) payload -> {
                JsonNode answer = answers.get(Math.min(call.getAndIncrement(), answers.size() - 1));
                if (answer.has("error")) {
                    throw new StatesError(
                            answer.path("error").asText(), answer.path("cause").asText(""));
                }
                return answer.path("result");
            });
        }
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    private static ObjectNode report(Execution e) {
        ObjectNode r = MAPPER.createObjectNode();
        r.put("status", e.status().name());
        r.set("output", e.output());
        r.put("error", e.error());
        r.put("cause", e.cause());
        ArrayNode history = r.putArray("history");
        for (HistoryEvent h : e.history()) {
            history.addObject()
                    .put("id", h.id())
                    .put("previousEventId", h.previousEventId())
                    .put("timestamp", h.timestamp().toString())
                    .put("type", h.type())
                    .set("details", h.details());
        }
        return r;
    }
}

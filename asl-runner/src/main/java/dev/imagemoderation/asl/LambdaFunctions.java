package dev.imagemoderation.asl;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.asl.internal.LocalLambdaContext;
import dev.imagemoderation.asl.internal.Values;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code arn:aws:states:::lambda:invoke} against in-process handlers, registered by the
 * {@code FunctionName} the definition passes. A handler that throws fails the task with
 * the exception's fully-qualified class name as the error and Lambda's
 * {@code {errorMessage, errorType, stackTrace}} JSON as the cause, which is what Step
 * Functions shows for a Java Lambda.
 */
public final class LambdaFunctions implements TaskResource {

    public static final String RESOURCE = "arn:aws:states:::lambda:invoke";

    private final Map<String, Object> handlers = new ConcurrentHashMap<>();
    /** The input type of each RequestHandler, found once at registration. */
    private final Map<String, Class<?>> inputTypes = new ConcurrentHashMap<>();

    /** A handler that reads and writes JSON bytes, as the project's task handlers do. */
    public LambdaFunctions register(String functionName, RequestStreamHandler handler) {
        handlers.put(functionName, handler);
        return this;
    }

    /** A handler with typed input, which the runner converts from the payload as Lambda's runtime would. */
    public LambdaFunctions register(String functionName, RequestHandler<?, ?> handler) {
        handlers.put(functionName, handler);
        inputTypes.put(functionName, handleRequest(handler.getClass()).getParameterTypes()[0]);
        return this;
    }

    /** A stand-in that answers the payload directly: scripted results and failures (the command line's mapping). */
    public LambdaFunctions register(String functionName, TaskResource scripted) {
        handlers.put(functionName, scripted);
        return this;
    }

    public boolean has(String functionName) {
        return handlers.containsKey(functionName);
    }

    @Override
    public JsonNode invoke(JsonNode arguments) {
        String name = arguments.path("FunctionName").asText();
        Object handler = handlers.get(name);
        if (handler == null) {
            throw new StatesError("Lambda.ResourceNotFoundException", "Function not found: " + name);
        }
        JsonNode payload = arguments.has("Payload") ? arguments.get("Payload") : Values.MAPPER.nullNode();
        JsonNode result;
        try {
            result = handler instanceof TaskResource scripted
                    ? scripted.invoke(payload)
                    : call(name, handler, payload, inputTypes.get(name));
        } catch (StatesError e) {
            throw e;
        } catch (Exception e) {
            throw new StatesError(e.getClass().getName(), cause(e));
        }
        ObjectNode out = Values.MAPPER.createObjectNode();
        out.set("Payload", result);
        out.put("StatusCode", 200);
        out.put("ExecutedVersion", "$LATEST");
        return out;
    }

    private static JsonNode call(String name, Object handler, JsonNode payload, Class<?> inputType) throws Exception {
        LocalLambdaContext context = new LocalLambdaContext(name, 900_000);
        if (handler instanceof RequestStreamHandler stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stream.handleRequest(new ByteArrayInputStream(Values.MAPPER.writeValueAsBytes(payload)), out, context);
            byte[] bytes = out.toByteArray();
            return bytes.length == 0 ? Values.MAPPER.nullNode() : Values.MAPPER.readTree(bytes);
        }
        Object input = Values.MAPPER.treeToValue(payload, inputType);
        @SuppressWarnings("unchecked")
        Object output = ((RequestHandler<Object, Object>) handler).handleRequest(input, context);
        return Values.MAPPER.valueToTree(output);
    }

    private static Method handleRequest(Class<?> type) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals("handleRequest") && m.getParameterCount() == 2 && !m.isBridge()) {
                return m;
            }
        }
        throw new IllegalStateException(type + " has no handleRequest");
    }

    private static String cause(Throwable e) {
        ObjectNode cause = Values.MAPPER.createObjectNode();
        cause.put("errorMessage", e.getMessage());
        cause.put("errorType", e.getClass().getName());
        ArrayNode trace = cause.putArray("stackTrace");
        for (StackTraceElement el : e.getStackTrace()) {
            trace.add(el.toString());
        }
        return cause.toString();
    }
}

package dev.imagemoderation.asl.internal;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.asl.StatesError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates JSONata templates: any string of the form {@code {% expr %}}, at any depth of
 * a JSON value, is replaced by the expression's value. {@code $states} and the
 * workflow's variables are bound; Step Functions' own functions are added and the ones
 * it forbids are refused.
 */
public final class Expressions {

    static final Pattern EXPRESSION = Pattern.compile("^\\{%(.*)%}$", Pattern.DOTALL);
    static final Pattern FORBIDDEN = Pattern.compile("\\$eval\\s*\\(");

    private final Map<String, Jsonata> compiled = new ConcurrentHashMap<>();

    static boolean isExpression(JsonNode node) {
        return node != null
                && node.isTextual()
                && EXPRESSION.matcher(node.asText().strip()).matches();
    }

    /** Compiles without evaluating: for validation at load time. */
    static void check(String expression) {
        if (FORBIDDEN.matcher(expression).find()) {
            throw new IllegalArgumentException("$eval is not allowed in Step Functions JSONata");
        }
        Jsonata.jsonata(expression);
    }

    /** Evaluates every expression in {@code template}; a template without any is returned as is. */
    JsonNode evaluate(JsonNode template, Map<String, Object> bindings) {
        if (template == null) {
            return null;
        }
        if (template.isTextual()) {
            Matcher m = EXPRESSION.matcher(template.asText().strip());
            return m.matches() ? eval(m.group(1), bindings) : template;
        }
        if (template.isObject()) {
            ObjectNode out = Values.MAPPER.createObjectNode();
            template.properties().forEach(e -> {
                JsonNode v = evaluate(e.getValue(), bindings);
                if (v != null && !v.isMissingNode()) {
                    out.set(e.getKey(), v);
                }
            });
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = Values.MAPPER.createArrayNode();
            template.forEach(x -> {
                JsonNode v = evaluate(x, bindings);
                if (v != null && !v.isMissingNode()) {
                    out.add(v);
                }
            });
            return out;
        }
        return template;
    }

    private JsonNode eval(String expression, Map<String, Object> bindings) {
        if (FORBIDDEN.matcher(expression).find()) {
            throw new StatesError(StatesError.QUERY_EVALUATION_ERROR, "$eval is not allowed");
        }
        Jsonata expr = compiled.computeIfAbsent(expression, Expressions::compile);
        Object result;
        try {
            synchronized (expr) {
                Jsonata.Frame frame = expr.createFrame();
                bindings.forEach(frame::bind);
                result = expr.evaluate(null, frame);
            }
        } catch (StatesError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StatesError(
                    StatesError.QUERY_EVALUATION_ERROR,
                    "The JSONata expression '" + expression.strip() + "' failed: " + e.getMessage());
        }
        return result == null ? Values.MAPPER.missingNode() : Values.toJson(result);
    }

    /** Compiles once, with Step Functions' own functions registered on the expression. */
    private static Jsonata compile(String expression) {
        Jsonata expr = Jsonata.jsonata(expression);
        expr.registerFunction("partition", (Jsonata.Fn2<List<Object>, Number, List<Object>>) (list, size) -> {
            List<Object> out = new ArrayList<>();
            int n = size.intValue();
            for (int i = 0; i < list.size(); i += n) {
                out.add(new ArrayList<>(list.subList(i, Math.min(list.size(), i + n))));
            }
            return out;
        });
        expr.registerFunction(
                "range",
                Jsonata.function(
                        "range",
                        (Jsonata.FnVarArgs<List<Object>>) args -> {
                            double start = ((Number) args.get(0)).doubleValue();
                            double end = ((Number) args.get(1)).doubleValue();
                            double step = ((Number) args.get(2)).doubleValue();
                            List<Object> out = new ArrayList<>();
                            for (double x = start; step > 0 ? x <= end : x >= end; x += step) {
                                out.add(x);
                            }
                            return out;
                        },
                        null));
        expr.registerFunction("hash", (Jsonata.Fn2<Object, String, String>) (value, algorithm) -> {
            try {
                String alg = algorithm
                        .replace("SHA-", "SHA-")
                        .toUpperCase()
                        .replace("SHA", "SHA-")
                        .replace("--", "-");
                String text = value instanceof String s ? s : Values.MAPPER.writeValueAsString(value);
                return HexFormat.of()
                        .formatHex(MessageDigest.getInstance(alg.equals("MD5") ? "MD5" : alg)
                                .digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (Exception e) {
                throw new StatesError(StatesError.QUERY_EVALUATION_ERROR, "$hash: " + e.getMessage());
            }
        });
        expr.registerFunction(
                "random",
                Jsonata.function(
                        "random",
                        (Jsonata.FnVarArgs<Double>) args -> args.isEmpty() || args.get(0) == null
                                ? Math.random()
                                : new Random(((Number) args.get(0)).longValue()).nextDouble(),
                        null));
        expr.registerFunction(
                "uuid", (Jsonata.Fn0<String>) () -> UUID.randomUUID().toString());
        expr.registerFunction("parse", (Jsonata.Fn1<String, Object>) text -> {
            try {
                return Values.toJava(Values.MAPPER.readTree(text));
            } catch (Exception e) {
                throw new StatesError(StatesError.QUERY_EVALUATION_ERROR, "$parse: not JSON: " + e.getMessage());
            }
        });
        return expr;
    }
}

package dev.imagemoderation.asl.internal;

import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Utils;
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
 * Evaluates JSONata templates: any string that is exactly {@code {% expr %}}, at any depth of a
 * JSON value, is replaced by the expression's value; a string with anything around the braces is a
 * literal, as on AWS. {@code $states} and the workflow's variables are bound; Step Functions' own
 * functions are added and the ones it forbids are refused.
 *
 * <p>As on AWS, an expression that yields nothing (JSONata's undefined) fails the state with
 * {@code States.QueryEvaluationError}, naming the field: {@code Output/a/b[0]}, {@code Assign/x},
 * {@code Arguments/FunctionName}. A one-item sequence is its item, and a value that is not JSON (a
 * function) is an error that says what the expression produced.
 */
public final class Expressions {

    static final Pattern EXPRESSION = Pattern.compile("^\\{%(.*)%}$", Pattern.DOTALL);
    static final Pattern FORBIDDEN = Pattern.compile("\\$eval\\s*\\(");

    private final Map<String, Jsonata> compiled = new ConcurrentHashMap<>();

    static boolean isExpression(JsonNode node) {
        return node != null
                && node.isTextual()
                && EXPRESSION.matcher(node.asText()).matches();
    }

    /** Compiles without evaluating: for validation at load time. */
    static void check(String expression) {
        if (FORBIDDEN.matcher(expression).find()) {
            throw new IllegalArgumentException("$eval is not allowed in Step Functions JSONata");
        }
        Jsonata.jsonata(expression);
    }

    /**
     * Evaluates every expression in {@code template}; a template without any is returned as is.
     *
     * @param field the field the template fills, for error messages ({@code Output}, {@code Arguments})
     * @throws StatesError {@code States.QueryEvaluationError} when an expression fails, yields nothing or
     *     yields a value that is not JSON
     */
    JsonNode evaluate(JsonNode template, Map<String, Object> bindings, String field) {
        if (template == null) {
            return null;
        }
        if (template.isTextual()) {
            Matcher m = EXPRESSION.matcher(template.asText());
            return m.matches() ? eval(m.group(1), bindings, field) : template;
        }
        if (template.isObject()) {
            ObjectNode out = Values.MAPPER.createObjectNode();
            template.properties()
                    .forEach(e -> out.set(e.getKey(), evaluate(e.getValue(), bindings, field + "/" + e.getKey())));
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = Values.MAPPER.createArrayNode();
            for (int i = 0; i < template.size(); i++) {
                out.add(evaluate(template.get(i), bindings, field + "[" + i + "]"));
            }
            return out;
        }
        return template;
    }

    /** The expression text of a template that is one expression, for messages; the template itself otherwise. */
    static String source(JsonNode template) {
        if (template != null && template.isTextual()) {
            Matcher m = EXPRESSION.matcher(template.asText());
            if (m.matches()) {
                return m.group(1).strip();
            }
        }
        return String.valueOf(template);
    }

    /** What a JSON value is, in the words of the error messages: "an object", "a string", ... */
    static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing (undefined)";
        }
        return switch (v.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "a value that is not JSON";
        };
    }

    private JsonNode eval(String expression, Map<String, Object> bindings, String field) {
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
                    "The JSONata expression '" + expression.strip() + "' specified for the field '" + field
                            + "' failed: " + e.getMessage());
        }
        result = singleton(result);
        if (result == null) {
            throw new StatesError(
                    StatesError.QUERY_EVALUATION_ERROR,
                    "The JSONata expression '" + expression.strip() + "' specified for the field '" + field
                            + "' returned nothing (undefined).");
        }
        if (!isJson(result)) {
            throw new StatesError(
                    StatesError.QUERY_EVALUATION_ERROR,
                    "The JSONata expression '" + expression.strip() + "' specified for the field '" + field
                            + "' returned a function, which is not a JSON value.");
        }
        return Values.toJson(result);
    }

    /** JSONata's sequence rule: a sequence of one item is that item, an empty one is nothing. */
    private static Object singleton(Object result) {
        if (result instanceof Utils.JList<?> list && list.sequence && !list.keepSingleton) {
            return list.isEmpty() ? null : list.size() == 1 ? list.getFirst() : result;
        }
        return result;
    }

    private static boolean isJson(Object v) {
        if (v == null
                || v == Jsonata.NULL_VALUE
                || v instanceof String
                || v instanceof Number
                || v instanceof Boolean) {
            return true;
        }
        if (v instanceof Map<?, ?> m) {
            return m.values().stream().allMatch(Expressions::isJson);
        }
        if (v instanceof List<?> l) {
            return l.stream().allMatch(Expressions::isJson);
        }
        return false;
    }

    /** Compiles once, with Step Functions' own functions registered on the expression. */
    private static Jsonata compile(String expression) {
        Jsonata expr = Jsonata.jsonata(expression);
        // Keep JSON null apart from undefined in results: AWS fails a field that yields undefined, not null.
        expr.setOutputConvertNulls(false);
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
                            // A JSONata sequence, so that one item is a value: AWS's $range(1, 9, 9) is 1.
                            Utils.JList<Object> out = new Utils.JList<>();
                            out.sequence = true;
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

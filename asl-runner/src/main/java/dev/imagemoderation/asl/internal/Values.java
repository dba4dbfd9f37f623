package dev.imagemoderation.asl.internal;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Moves values between Jackson trees (the runner's currency) and the plain Java values JSONata evaluates. */
public final class Values {

    public static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Values() {}

    /**
     * The value JSONata evaluates; a JSON null becomes JSONata's own null, so that an input field that
     * is null reads as null rather than as undefined.
     */
    public static Object toJava(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        return java(node);
    }

    /** One walk of the tree (cheaper than Jackson's convertValue, which goes through a token buffer). */
    private static Object java(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> out = new LinkedHashMap<>();
                node.properties().forEach(e -> out.put(e.getKey(), java(e.getValue())));
                yield out;
            }
            case ARRAY -> {
                List<Object> out = new ArrayList<>(node.size());
                node.forEach(x -> out.add(java(x)));
                yield out;
            }
            case STRING -> node.textValue();
            case NUMBER -> node.numberValue();
            case BOOLEAN -> node.booleanValue();
            case BINARY, POJO -> MAPPER.convertValue(node, Object.class);
            case NULL, MISSING -> Jsonata.NULL_VALUE;
        };
    }

    /** JSONata computes in doubles; a whole number goes back to JSON as an integer, as in AWS. */
    public static JsonNode toJson(Object value) {
        return MAPPER.valueToTree(normalise(value));
    }

    private static Object normalise(Object v) {
        if (v == Jsonata.NULL_VALUE) {
            return null;
        }
        if (v instanceof Double d && !d.isInfinite() && !d.isNaN() && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return d.longValue();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), normalise(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(normalise(x)));
            return out;
        }
        return v;
    }
}

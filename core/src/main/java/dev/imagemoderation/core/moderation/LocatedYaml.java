package dev.imagemoderation.core.moderation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML (or JSON) tree that remembers the line of every value, so that a policy error
 * can say where it is. Duplicate keys are reported rather than silently resolved.
 */
sealed interface LocatedYaml {

    int line();

    record Obj(int line, Map<String, LocatedYaml> fields, Map<String, Integer> keyLines) implements LocatedYaml {}

    record Arr(int line, List<LocatedYaml> items) implements LocatedYaml {}

    record Scalar(int line, Object value) implements LocatedYaml {}

    static LocatedYaml parse(String text, List<String> problems) throws IOException {
        try (JsonParser p = new YAMLFactory().createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return new Obj(1, Map.of(), Map.of());
            }
            return read(p, problems);
        }
    }

    private static LocatedYaml read(JsonParser p, List<String> problems) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, LocatedYaml> fields = new LinkedHashMap<>();
            Map<String, Integer> keyLines = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = p.currentTokenLocation().getLineNr();
                p.nextToken();
                LocatedYaml value = read(p, problems);
                if (fields.containsKey(key)) {
                    problems.add("line " + keyLine + ": '" + key + "' is given twice (first on line "
                            + keyLines.get(key) + "); which one applies would be ambiguous");
                    continue;
                }
                fields.put(key, value);
                keyLines.put(key, keyLine);
            }
            return new Obj(line, fields, keyLines);
        }
        if (t == JsonToken.START_ARRAY) {
            List<LocatedYaml> items = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                items.add(read(p, problems));
            }
            return new Arr(line, items);
        }
        Object value = switch (t) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> p.getText();
        };
        return new Scalar(line, value);
    }
}

package io.timonel.kernel.admission.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns JSON trees into the values CEL evaluates over: objects become maps keyed by field name,
 * arrays lists, integral numbers {@code int} (Long), other numbers {@code double}, and JSON null
 * CEL's {@code null}. Conversion copies, so the shared trees read from the watch cache are never
 * exposed to the evaluator.
 */
final class CelValues {

    private CelValues() {
    }

    /** The CEL value of {@code node}; Java {@code null} (an absent tree) becomes CEL {@code null}. */
    static Object of(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NullValue.NULL_VALUE;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), of(e.getValue()));
            }
            return Collections.unmodifiableMap(map);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(n -> list.add(of(n)));
            return Collections.unmodifiableList(list);
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asText();
    }

    /** A readable rendering of a CEL result, for messages. */
    static String describe(Object value) {
        return value instanceof NullValue ? "null" : String.valueOf(value);
    }
}

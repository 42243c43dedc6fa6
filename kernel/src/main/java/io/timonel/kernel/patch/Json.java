package io.timonel.kernel.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;

/** Small helpers over Jackson trees shared by the patch engines. */
final class Json {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Numbers compare by value, so that {@code 80} equals {@code 80.0} and ints equal longs. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private Json() {
    }

    /** Deep equality where numbers are equal when their values are. Missing equals missing only. */
    static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.equals(NUMBERS_BY_VALUE, b);
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** Compact JSON text of {@code node}, as used inside field-set keys. */
    static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // Trees built by Jackson always serialize.
            throw new IllegalStateException(e);
        }
    }

    /** Parses JSON text, returning {@code null} when it is not JSON. */
    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * A copy of {@code node} in which every integral number is a long and every other number a
     * double, so that values from different decoders compare and hash alike.
     */
    static JsonNode canonical(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isNumber()) {
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return NODES.numberNode(node.longValue());
            }
            if (node.isIntegralNumber()) {
                return NODES.numberNode(node.bigIntegerValue());
            }
            double d = node.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return NODES.numberNode((long) d);
            }
            return NODES.numberNode(d);
        }
        if (node.isArray()) {
            ArrayNode out = array();
            node.forEach(n -> out.add(canonical(n)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = object();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), canonical(e.getValue()));
            }
            return out;
        }
        return node;
    }

    /**
     * A total order over JSON values for sorting field sets: null, booleans, numbers, strings,
     * arrays, objects; within a kind by value.
     */
    static int compare(JsonNode a, JsonNode b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        switch (ra) {
            case 1:
                return Boolean.compare(a.booleanValue(), b.booleanValue());
            case 2:
                return a.decimalValue().compareTo(b.decimalValue());
            case 3:
                return a.asText().compareTo(b.asText());
            case 4:
            case 5:
                return compact(a).compareTo(compact(b));
            default:
                return 0;
        }
    }

    private static int rank(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return 0;
        }
        if (n.isBoolean()) {
            return 1;
        }
        if (n.isNumber()) {
            return 2;
        }
        if (n.isTextual()) {
            return 3;
        }
        if (n.isArray()) {
            return 4;
        }
        return n.isObject() ? 5 : 3;
    }
}

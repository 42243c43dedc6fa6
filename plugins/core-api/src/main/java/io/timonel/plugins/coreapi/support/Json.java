package io.timonel.plugins.coreapi.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Small helpers over Jackson trees, for defaulters, validators and table cells. */
public final class Json {

    private Json() {
    }

    /** The node at {@code path} below {@code node}; a missing node (never {@code null}) when absent. */
    public static JsonNode at(JsonNode node, String... path) {
        JsonNode current = node == null ? MissingNode.getInstance() : node;
        for (String part : path) {
            current = current.path(part);
        }
        return current;
    }

    /** The text at {@code path}, or {@code null} when absent, null or not a scalar. */
    public static String text(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    /** The number at {@code path} as a long, or {@code fallback} when absent or not a number. */
    public static long number(JsonNode node, long fallback, String... path) {
        JsonNode value = at(node, path);
        return value.isNumber() ? value.asLong() : fallback;
    }

    /** Whether a field is absent or explicitly null (both mean "unset" to Kubernetes). */
    public static boolean unset(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value == null || value.isNull();
    }

    /** The object at {@code field}, created (or replacing a null) when unset. */
    public static ObjectNode object(ObjectNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value instanceof ObjectNode existing) {
            return existing;
        }
        return parent.putObject(field);
    }

    /** The object at {@code field} when it is one, else {@code null}: for optional parts. */
    public static ObjectNode objectOrNull(JsonNode parent, String field) {
        return parent != null && parent.get(field) instanceof ObjectNode o ? o : null;
    }

    /** The array elements at {@code field} that are objects, in order (empty when none). */
    public static List<ObjectNode> objects(JsonNode parent, String field) {
        List<ObjectNode> out = new ArrayList<>();
        if (parent != null && parent.get(field) instanceof ArrayNode array) {
            array.forEach(item -> {
                if (item instanceof ObjectNode o) {
                    out.add(o);
                }
            });
        }
        return out;
    }

    public static void defaultText(ObjectNode object, String field, String value) {
        if (unset(object, field)) {
            object.put(field, value);
        }
    }

    public static void defaultInt(ObjectNode object, String field, int value) {
        if (unset(object, field)) {
            object.put(field, value);
        }
    }

    public static void defaultLong(ObjectNode object, String field, long value) {
        if (unset(object, field)) {
            object.put(field, value);
        }
    }

    public static void defaultBoolean(ObjectNode object, String field, boolean value) {
        if (unset(object, field)) {
            object.put(field, value);
        }
    }
}

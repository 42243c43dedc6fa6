package io.timonel.plugins.controllers.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Whether two API values say the same thing on the wire, ignoring what JSON cannot tell apart:
 * null, an empty list and an empty object are all "unset" (the client reads an absent list as an
 * empty one, while a controller may build it as null). Comparing this way keeps a controller from
 * rewriting an object whose content did not change, which would wake it again, forever.
 */
public final class SameContent {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SameContent() {
    }

    public static boolean equal(Object a, Object b) {
        return normal(MAPPER.valueToTree(a)).equals(normal(MAPPER.valueToTree(b)));
    }

    private static JsonNode normal(JsonNode node) {
        if (node == null || node.isNull()) {
            return MAPPER.nullNode();
        }
        if (node.isObject()) {
            ObjectNode copy = MAPPER.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = normal(field.getValue());
                if (!isUnset(value)) {
                    copy.set(field.getKey(), value);
                }
            }
            return copy.isEmpty() ? MAPPER.nullNode() : copy;
        }
        if (node.isArray()) {
            ArrayNode copy = MAPPER.createArrayNode();
            node.forEach(item -> copy.add(normal(item)));
            return copy.isEmpty() ? MAPPER.nullNode() : copy;
        }
        return node;
    }

    private static boolean isUnset(JsonNode node) {
        return node.isNull() || (node.isContainerNode() && node.isEmpty());
    }
}

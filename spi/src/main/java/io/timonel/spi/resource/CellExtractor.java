package io.timonel.spi.resource;

import com.fasterxml.jackson.databind.JsonNode;

/** Computes one table cell from an object. Pure; called on request threads. */
@FunctionalInterface
public interface CellExtractor {

    /** The cell value: a string, number, boolean, or {@code null} for an empty cell. */
    Object cell(JsonNode object);

    /**
     * The value at a dotted JSON path ({@code .spec.replicas}, {@code .metadata.labels.app});
     * {@code null} when absent. Arrays of scalars are joined with commas, as kubectl does.
     */
    static CellExtractor path(String jsonPath) {
        String[] parts = (jsonPath.startsWith(".") ? jsonPath.substring(1) : jsonPath).split("\\.");
        return object -> {
            JsonNode node = object;
            for (String part : parts) {
                if (node == null) {
                    return null;
                }
                node = node.get(part);
            }
            if (node == null || node.isNull() || node.isMissingNode()) {
                return null;
            }
            if (node.isNumber()) {
                return node.numberValue();
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            if (node.isArray()) {
                StringBuilder joined = new StringBuilder();
                node.forEach(item -> joined.append(joined.length() == 0 ? "" : ",")
                        .append(item.isValueNode() ? item.asText() : item.toString()));
                return joined.toString();
            }
            return node.isValueNode() ? node.asText() : node.toString();
        };
    }
}

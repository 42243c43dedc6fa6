package io.timonel.kernel.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Test fixtures: JSON trees written as YAML or JSON text. */
final class Trees {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private Trees() {
    }

    /** Parses YAML (JSON is YAML too); an empty text is {@code null}. */
    static JsonNode yaml(String text) {
        try {
            JsonNode node = YAML.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode object(String yaml) {
        return (ObjectNode) yaml(yaml);
    }

    static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String pretty(JsonNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts equal trees, ignoring the order of object keys (not of list items); compares
     * pretty JSON so that failures show a readable diff.
     */
    static void assertTree(JsonNode expected, JsonNode actual) {
        assertEquals(pretty(sortKeys(expected)), pretty(sortKeys(actual)));
    }

    private static JsonNode sortKeys(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            java.util.List<String> names = new java.util.ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            java.util.Collections.sort(names);
            names.forEach(n -> out.set(n, sortKeys(node.get(n))));
            return out;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode out = JSON.createArrayNode();
            node.forEach(n -> out.add(sortKeys(n)));
            return out;
        }
        return node;
    }

    /** The object a patch result holds, failing the test with the result otherwise. */
    static ObjectNode patched(PatchResult result) {
        if (result instanceof PatchResult.Patched p) {
            return p.object();
        }
        throw new AssertionError("expected a patched object, got " + result);
    }
}

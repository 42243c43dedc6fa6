package io.timonel.kernel.crd;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.resource.CellExtractor;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of kubectl's JSONPath that printer columns and selectable fields use:
 * {@code .a.b}, {@code .a[0].b}, {@code .a[*].b}, and filters {@code .a[?(@.type=="Ready")].status}.
 */
final class JsonPaths {
    private static final Pattern FILTER = Pattern.compile("\\?\\(@\\.([\\w.-]+)\\s*==\\s*[\"']([^\"']*)[\"']\\)");

    private JsonPaths() {
    }

    static CellExtractor extractor(String path) {
        List<String> steps = split(path);
        return object -> {
            List<JsonNode> current = List.of(object);
            for (String step : steps) {
                List<JsonNode> next = new ArrayList<>();
                for (JsonNode node : current) {
                    apply(step, node, next);
                }
                current = next;
            }
            if (current.isEmpty()) {
                return null;
            }
            if (current.size() == 1) {
                JsonNode n = current.get(0);
                return n.isNumber() ? n.numberValue() : n.isBoolean() ? (Object) n.booleanValue()
                        : n.isValueNode() ? n.asText() : n.toString();
            }
            StringBuilder joined = new StringBuilder();
            for (JsonNode n : current) {
                joined.append(joined.length() == 0 ? "" : ",").append(n.isValueNode() ? n.asText() : n.toString());
            }
            return joined.toString();
        };
    }

    private static void apply(String step, JsonNode node, List<JsonNode> out) {
        if (step.startsWith("[")) {
            String inner = step.substring(1, step.length() - 1);
            if (!node.isArray()) {
                return;
            }
            if (inner.equals("*")) {
                node.forEach(out::add);
                return;
            }
            Matcher m = FILTER.matcher(inner);
            if (m.matches()) {
                for (JsonNode item : node) {
                    JsonNode v = item;
                    for (String p : m.group(1).split("\\.")) {
                        v = v.path(p);
                    }
                    if (v.isValueNode() && v.asText().equals(m.group(2))) {
                        out.add(item);
                    }
                }
                return;
            }
            try {
                int i = Integer.parseInt(inner);
                JsonNode item = node.get(i < 0 ? node.size() + i : i);
                if (item != null) {
                    out.add(item);
                }
            } catch (NumberFormatException e) {
                // not a supported index: no value
            }
            return;
        }
        JsonNode child = node.get(step);
        if (child != null && !child.isNull()) {
            out.add(child);
        }
    }

    /** {@code .a.b[0].c} → {@code a, b, [0], c}. */
    private static List<String> split(String path) {
        List<String> steps = new ArrayList<>();
        String p = path.trim();
        if (p.startsWith("{") && p.endsWith("}")) {
            p = p.substring(1, p.length() - 1);
        }
        int i = 0;
        StringBuilder name = new StringBuilder();
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '.') {
                if (name.length() > 0) {
                    steps.add(name.toString());
                    name.setLength(0);
                }
                i++;
            } else if (c == '[') {
                if (name.length() > 0) {
                    steps.add(name.toString());
                    name.setLength(0);
                }
                int end = p.indexOf(']', i);
                if (end < 0) {
                    end = p.length() - 1;
                }
                steps.add(p.substring(i, end + 1));
                i = end + 1;
            } else {
                name.append(c);
                i++;
            }
        }
        if (name.length() > 0) {
            steps.add(name.toString());
        }
        return steps;
    }
}

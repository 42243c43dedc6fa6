package io.timonel.kernel.api.select;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A selector written as the string form clients parse ({@code app=web,tier in (a,b),!canary}),
 * from either a structured {@code metav1.LabelSelector} or a plain label map (ReplicationController,
 * Service) — what the scale subresource reports in {@code status.selector} for the HPA.
 */
public final class SelectorText {
    private SelectorText() {
    }

    /** The string form of {@code selector}; empty for an empty or missing selector. */
    public static String of(JsonNode selector) {
        if (selector == null || !selector.isObject()) {
            return "";
        }
        boolean structured = selector.has("matchLabels") || selector.has("matchExpressions");
        List<String> terms = new ArrayList<>();
        labels(structured ? selector.path("matchLabels") : selector)
                .forEach((key, value) -> terms.add(key + "=" + value));
        for (JsonNode requirement : selector.path("matchExpressions")) {
            String key = requirement.path("key").asText();
            List<String> values = new ArrayList<>();
            requirement.path("values").forEach(v -> values.add(v.asText()));
            values.sort(null);
            switch (requirement.path("operator").asText()) {
                case "In" -> terms.add(key + " in (" + String.join(",", values) + ")");
                case "NotIn" -> terms.add(key + " notin (" + String.join(",", values) + ")");
                case "Exists" -> terms.add(key);
                case "DoesNotExist" -> terms.add("!" + key);
                default -> { } // validation refuses other operators before they are stored
            }
        }
        return String.join(",", terms);
    }

    private static Map<String, String> labels(JsonNode map) {
        Map<String, String> sorted = new TreeMap<>();
        map.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
        return sorted;
    }
}

package io.timonel.kernel.admission.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A metav1.LabelSelector ({@code matchLabels} and {@code matchExpressions} with In, NotIn, Exists,
 * DoesNotExist), as used by namespaceSelector, objectSelector and paramRef.selector. An absent
 * or empty selector matches everything.
 */
final class LabelSelector {

    private LabelSelector() {
    }

    /** Whether {@code labels} satisfy {@code selector}; a malformed operator matches nothing. */
    static boolean matches(JsonNode selector, Map<String, String> labels) {
        if (selector == null || selector.isNull() || selector.isMissingNode()) {
            return true;
        }
        for (var it = selector.path("matchLabels").fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode req : selector.path("matchExpressions")) {
            String key = req.path("key").asText();
            Set<String> values = new HashSet<>();
            req.path("values").forEach(v -> values.add(v.asText()));
            boolean present = labels.containsKey(key);
            boolean ok = switch (req.path("operator").asText()) {
                case "In" -> present && values.contains(labels.get(key));
                case "NotIn" -> !present || !values.contains(labels.get(key));
                case "Exists" -> present;
                case "DoesNotExist" -> !present;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The labels of an object ({@code metadata.labels}); empty for a null object. */
    static Map<String, String> labelsOf(JsonNode object) {
        Map<String, String> labels = new java.util.HashMap<>();
        if (object != null) {
            object.path("metadata").path("labels").fields()
                    .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        }
        return labels;
    }
}

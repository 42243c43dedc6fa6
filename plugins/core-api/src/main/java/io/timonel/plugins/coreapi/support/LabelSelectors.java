package io.timonel.plugins.coreapi.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.resource.FieldViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** metav1.LabelSelector: validation, matching, and the string form kubectl prints. */
public final class LabelSelectors {

    private static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");

    private LabelSelectors() {
    }

    /** Reports malformed keys, values and expressions of a selector. */
    public static void validate(JsonNode selector, FieldPath path, List<FieldViolation> out) {
        if (selector == null || !selector.isObject()) {
            return;
        }
        JsonNode matchLabels = selector.path("matchLabels");
        matchLabels.fields().forEachRemaining(e -> {
            Validation.report(NameRules.qualifiedName(e.getKey()), e.getKey(), path.child("matchLabels"), out);
            String value = e.getValue().asText();
            Validation.report(NameRules.labelValue(value), value, path.child("matchLabels"), out);
        });
        List<JsonNode> expressions = new ArrayList<>();
        selector.path("matchExpressions").forEach(expressions::add);
        for (int i = 0; i < expressions.size(); i++) {
            JsonNode expression = expressions.get(i);
            FieldPath at = path.child("matchExpressions").index(i);
            String key = Json.text(expression, "key");
            String operator = Json.text(expression, "operator");
            int values = expression.path("values").size();
            if (key == null || key.isEmpty()) {
                out.add(FieldViolation.required(at.child("key").path()));
            } else {
                Validation.report(NameRules.qualifiedName(key), key, at.child("key"), out);
            }
            if (operator == null) {
                out.add(FieldViolation.required(at.child("operator").path()));
            } else if (!OPERATORS.contains(operator)) {
                out.add(FieldViolation.notSupported(at.child("operator").path(), operator,
                        List.of("In", "NotIn", "Exists", "DoesNotExist")));
            } else if ((operator.equals("In") || operator.equals("NotIn")) && values == 0) {
                out.add(FieldViolation.required(at.child("values").path()));
            } else if ((operator.equals("Exists") || operator.equals("DoesNotExist")) && values > 0) {
                out.add(FieldViolation.forbidden(at.child("values").path(),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
            }
        }
    }

    /** Whether a selector has neither labels nor expressions (it would select everything). */
    public static boolean isEmpty(JsonNode selector) {
        return selector == null || !selector.isObject()
                || (selector.path("matchLabels").size() == 0 && selector.path("matchExpressions").size() == 0);
    }

    /** Whether {@code labels} (a JSON object of strings, possibly absent) satisfy {@code selector}. */
    public static boolean matches(JsonNode selector, JsonNode labels) {
        Map<String, String> actual = new TreeMap<>();
        if (labels != null) {
            labels.fields().forEachRemaining(e -> actual.put(e.getKey(), e.getValue().asText()));
        }
        var wanted = selector.path("matchLabels").fields();
        while (wanted.hasNext()) {
            var e = wanted.next();
            if (!e.getValue().asText().equals(actual.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            boolean present = actual.containsKey(key);
            boolean ok = switch (expression.path("operator").asText()) {
                case "In" -> present && values.contains(actual.get(key));
                case "NotIn" -> !present || !values.contains(actual.get(key));
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

    /** The selector as kubectl writes it: {@code app=web,tier in (a,b)}. */
    public static String format(JsonNode selector) {
        if (selector == null || !selector.isObject()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        selector.path("matchLabels").fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            parts.add(switch (expression.path("operator").asText()) {
                case "In" -> key + " in (" + String.join(",", values) + ")";
                case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
                case "Exists" -> key;
                case "DoesNotExist" -> "!" + key;
                default -> key + " " + expression.path("operator").asText();
            });
        }
        return parts.isEmpty() ? null : String.join(",", parts);
    }
}

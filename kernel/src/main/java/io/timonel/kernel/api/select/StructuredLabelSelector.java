package io.timonel.kernel.api.select;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A structured label selector ({@code matchLabels} and {@code matchExpressions} with In, NotIn,
 * Exists, DoesNotExist): metav1.LabelSelector as objects carry it — webhooks' and policies'
 * {@code namespaceSelector} and {@code objectSelector}, a policy binding's {@code paramRef.selector}.
 * ({@link LabelSelector} is the string form of query parameters.)
 * Every requirement must hold; the empty selector matches everything. A selector that cannot be
 * understood (an unknown operator, In without values) keeps the reason in {@link #problem()}.
 */
public final class StructuredLabelSelector {

    /** Matches every label set. */
    public static final StructuredLabelSelector EVERYTHING = new StructuredLabelSelector(List.of(), null);

    private final List<Requirement> requirements;
    private final String problem;

    private record Requirement(String key, String operator, Set<String> values) {
        boolean test(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> false;
            };
        }
    }

    private StructuredLabelSelector(List<Requirement> requirements, String problem) {
        this.requirements = requirements;
        this.problem = problem;
    }

    /** Reads a selector; a missing or null node is the empty selector (matches everything). */
    public static StructuredLabelSelector from(JsonNode selector) {
        if (selector == null || !selector.isObject()) {
            return EVERYTHING;
        }
        List<Requirement> out = new ArrayList<>();
        selector.path("matchLabels").fields().forEachRemaining(e ->
                out.add(new Requirement(e.getKey(), "In", Set.of(e.getValue().asText()))));
        String problem = null;
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            String operator = expression.path("operator").asText();
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            switch (operator) {
                case "In", "NotIn" -> {
                    if (values.isEmpty()) {
                        problem = "values: Required value: for 'in', 'notin' operators, values set can't be empty";
                    }
                }
                case "Exists", "DoesNotExist" -> {
                    if (!values.isEmpty()) {
                        problem = "values: Invalid value: for 'exists', 'doesnotexist' operators, values set must "
                                + "be empty";
                    }
                }
                default -> problem = "\"" + operator + "\" is not a valid label selector operator";
            }
            out.add(new Requirement(key, operator, Set.copyOf(values)));
        }
        return new StructuredLabelSelector(List.copyOf(out), problem);
    }

    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    /** Why the selector is invalid, if it is. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** Whether an object with these labels is selected. */
    public boolean matches(Map<String, String> labels) {
        for (Requirement r : requirements) {
            if (!r.test(labels)) {
                return false;
            }
        }
        return true;
    }

    /** The labels of an object ({@code metadata.labels}); empty when it has none. */
    public static Map<String, String> labelsOf(JsonNode object) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (object != null) {
            object.path("metadata").path("labels").fields()
                    .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        }
        return labels;
    }
}

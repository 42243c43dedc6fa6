package io.timonel.plugins.controllers.kit;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/**
 * Label selector matching (metav1.LabelSelector and the map selectors of older types). An empty
 * or absent LabelSelector matches everything for {@link #matches}; callers that must select
 * nothing on an empty selector (workload controllers) check {@link #isEmpty} first.
 */
public final class SelectorMatch {
    private SelectorMatch() {
    }

    public static boolean isEmpty(LabelSelector selector) {
        return selector == null
                || (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    }

    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        Map<String, String> have = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(have.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                if (!matches(r.getKey(), r.getOperator(), r.getValues(), have)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A set-based requirement (In, NotIn, Exists, DoesNotExist) against labels. */
    public static boolean matches(String key, String operator, List<String> values, Map<String, String> labels) {
        String value = labels.get(key);
        List<String> vs = values == null ? List.of() : values;
        return switch (operator) {
            case "In" -> value != null && vs.contains(value);
            case "NotIn" -> value == null || !vs.contains(value);
            case "Exists" -> labels.containsKey(key);
            case "DoesNotExist" -> !labels.containsKey(key);
            case "Gt", "Lt" -> {
                if (value == null || vs.size() != 1) {
                    yield false;
                }
                try {
                    long have = Long.parseLong(value);
                    long want = Long.parseLong(vs.get(0));
                    yield operator.equals("Gt") ? have > want : have < want;
                } catch (NumberFormatException e) {
                    yield false;
                }
            }
            default -> false;
        };
    }

    /** A map selector (ReplicationController, Service): every pair present; empty matches nothing. */
    public static boolean matchesMap(Map<String, String> selector, Map<String, String> labels) {
        if (selector == null || selector.isEmpty()) {
            return false;
        }
        Map<String, String> have = labels == null ? Map.of() : labels;
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(have.get(e.getKey())));
    }
}

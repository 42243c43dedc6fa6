package io.timonel.plugins.controllers.kit;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Label selectors as predicates over an object's labels: structured ones
 * ({@code metav1.LabelSelector}, from a workload or a PodDisruptionBudget) and the string form a
 * {@code /scale} subresource reports in {@code status.selector} ({@code app=web,tier in (a,b),!canary}).
 */
public final class LabelSelectors {
    private LabelSelectors() {
    }

    /**
     * The structured selector as a predicate; a null selector matches nothing and an empty one
     * everything, as for PodDisruptionBudgets in policy/v1.
     */
    public static Predicate<Map<String, String>> of(LabelSelector selector) {
        if (selector == null) {
            return labels -> false;
        }
        return labels -> SelectorMatch.matches(selector, labels);
    }

    /** A plain equality selector (a Service's {@code spec.selector}): every pair must be present. */
    public static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(l.get(e.getKey())));
    }

    /**
     * Parses the string form ({@code a=b}, {@code a==b}, {@code a!=b}, {@code a in (x,y)},
     * {@code a notin (x)}, {@code a}, {@code !a}); empty when it does not parse. The empty string
     * selects everything.
     */
    public static Optional<Predicate<Map<String, String>>> parse(String selector) {
        List<Predicate<Map<String, String>>> terms = new ArrayList<>();
        for (String term : splitTerms(selector == null ? "" : selector)) {
            String t = term.trim();
            if (t.isEmpty()) {
                continue;
            }
            Predicate<Map<String, String>> p = term(t);
            if (p == null) {
                return Optional.empty();
            }
            terms.add(p);
        }
        return Optional.of(labels -> {
            Map<String, String> l = labels == null ? Map.of() : labels;
            return terms.stream().allMatch(p -> p.test(l));
        });
    }

    /** Commas separate terms, except inside the parentheses of a set. */
    private static List<String> splitTerms(String selector) {
        List<String> terms = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                terms.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(selector.substring(start));
        return terms;
    }

    private static Predicate<Map<String, String>> term(String t) {
        if (t.startsWith("!")) {
            String key = t.substring(1).trim();
            return key.matches("[A-Za-z0-9./_-]+") ? requirement(key, "DoesNotExist", List.of()) : null;
        }
        int paren = t.indexOf('(');
        if (paren > 0 && t.endsWith(")")) {
            String[] head = t.substring(0, paren).trim().split("\\s+");
            if (head.length != 2) {
                return null;
            }
            List<String> values = new ArrayList<>();
            for (String v : t.substring(paren + 1, t.length() - 1).split(",")) {
                if (!v.isBlank()) {
                    values.add(v.trim());
                }
            }
            return switch (head[1]) {
                case "in" -> requirement(head[0], "In", values);
                case "notin" -> requirement(head[0], "NotIn", values);
                default -> null;
            };
        }
        int ne = t.indexOf("!=");
        if (ne > 0) {
            return requirement(t.substring(0, ne).trim(), "NotIn", List.of(t.substring(ne + 2).trim()));
        }
        int eq = t.indexOf('=');
        if (eq > 0) {
            String value = t.substring(t.startsWith("==", eq) ? eq + 2 : eq + 1).trim();
            return requirement(t.substring(0, eq).trim(), "In", List.of(value));
        }
        return t.matches("[A-Za-z0-9./_-]+") ? requirement(t, "Exists", List.of()) : null;
    }

    private static Predicate<Map<String, String>> requirement(String key, String operator, List<String> values) {
        return labels -> SelectorMatch.matches(key, operator, values, labels);
    }
}

package io.timonel.kernel.admission.policy;

import io.timonel.kernel.api.select.StructuredLabelSelector;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.admission.AdmissionRequest;
import io.timonel.spi.admission.ObjectReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A policy's {@code matchConstraints} or a binding's {@code matchResources}: which requests are
 * in scope. A request matches when its namespace and object satisfy the selectors, it is matched
 * by a resource rule (any, when a binding has none) and by no exclude rule.
 *
 * <p>matchPolicy {@code Equivalent} (the default) is approximated: a rule naming the request's
 * group and resource matches whatever the version, since the kernel does not record which
 * resources are aliases of one another across groups.
 */
final class MatchResources {
    private final List<Rule> rules;
    private final List<Rule> excludes;
    private final StructuredLabelSelector namespaceSelector;
    private final StructuredLabelSelector objectSelector;
    private final boolean exact;
    private final boolean rulesRequired;

    private MatchResources(List<Rule> rules, List<Rule> excludes, JsonNode namespaceSelector, JsonNode objectSelector,
                           boolean exact, boolean rulesRequired) {
        this.rules = rules;
        this.excludes = excludes;
        this.namespaceSelector = StructuredLabelSelector.from(namespaceSelector);
        this.objectSelector = StructuredLabelSelector.from(objectSelector);
        this.exact = exact;
        this.rulesRequired = rulesRequired;
    }

    /**
     * Parses a MatchResources.
     *
     * @param rulesRequired whether an absent resourceRules matches nothing (a policy's
     *                      matchConstraints) rather than everything (a binding's matchResources)
     */
    static MatchResources parse(JsonNode node, boolean rulesRequired) {
        return new MatchResources(Rule.all(node.path("resourceRules")), Rule.all(node.path("excludeResourceRules")),
                node.get("namespaceSelector"), node.get("objectSelector"),
                "Exact".equals(node.path("matchPolicy").asText()), rulesRequired);
    }

    /** Whether the request is in scope; reads the namespace for namespaceSelector. */
    boolean matches(AdmissionRequest request, ObjectReader objects) {
        if (!selectsNamespace(request, objects) || !selectsObject(request)) {
            return false;
        }
        boolean included = rules.isEmpty() ? !rulesRequired : rules.stream().anyMatch(r -> r.matches(request, exact));
        return included && excludes.stream().noneMatch(r -> r.matches(request, exact));
    }

    private boolean selectsObject(AdmissionRequest request) {
        if (objectSelector.isEmpty()) {
            return true;
        }
        // Kubernetes matches when either the new or the old object is selected.
        return request.object() != null && objectSelector.matches(StructuredLabelSelector.labelsOf(request.object()))
                || request.oldObject() != null
                && objectSelector.matches(StructuredLabelSelector.labelsOf(request.oldObject()));
    }

    private boolean selectsNamespace(AdmissionRequest request, ObjectReader objects) {
        if (namespaceSelector.isEmpty()) {
            return true;
        }
        boolean isNamespace = request.type().group().isEmpty() && request.type().plural().equals("namespaces");
        if (isNamespace) {
            JsonNode ns = request.object() != null ? request.object() : request.oldObject();
            return namespaceSelector.matches(StructuredLabelSelector.labelsOf(ns));
        }
        if (request.namespace() == null || request.namespace().isEmpty()) {
            return true;
        }
        Optional<JsonNode> ns = objects.get("", "namespaces", "", request.namespace());
        return namespaceSelector.matches(StructuredLabelSelector.labelsOf(ns.orElse(null)));
    }

    /** A NamedRuleWithOperations. */
    private record Rule(List<String> groups, List<String> versions, List<String> resources, List<String> operations,
                        List<String> resourceNames, String scope) {

        static List<Rule> all(JsonNode array) {
            List<Rule> out = new ArrayList<>();
            for (JsonNode r : array) {
                out.add(new Rule(strings(r.path("apiGroups")), strings(r.path("apiVersions")),
                        strings(r.path("resources")), strings(r.path("operations")),
                        strings(r.path("resourceNames")), r.path("scope").asText("*")));
            }
            return out;
        }

        private static List<String> strings(JsonNode array) {
            List<String> out = new ArrayList<>();
            array.forEach(n -> out.add(n.asText()));
            return out;
        }

        boolean matches(AdmissionRequest request, boolean exact) {
            var type = request.type();
            return (operations.contains("*") || operations.contains(request.operation().name()))
                    && anyOrContains(groups, type.group())
                    && (!exact || anyOrContains(versions, type.version()))
                    && matchesResource(type.plural(), request.subresource())
                    && (resourceNames.isEmpty() || resourceNames.contains(request.name()))
                    && matchesScope(type.namespaced());
        }

        private boolean matchesScope(boolean namespaced) {
            return switch (scope) {
                case "Cluster" -> !namespaced;
                case "Namespaced" -> namespaced;
                default -> true;
            };
        }

        private boolean matchesResource(String plural, String subresource) {
            String sub = subresource == null ? "" : subresource;
            for (String r : resources) {
                int slash = r.indexOf('/');
                String res = slash < 0 ? r : r.substring(0, slash);
                String rsub = slash < 0 ? null : r.substring(slash + 1);
                boolean resOk = res.equals("*") || res.equals(plural);
                boolean subOk = rsub == null ? sub.isEmpty() : rsub.equals("*") || rsub.equals(sub);
                if (resOk && subOk) {
                    return true;
                }
            }
            return false;
        }

        private static boolean anyOrContains(List<String> values, String value) {
            return values.contains("*") || values.contains(value);
        }
    }
}

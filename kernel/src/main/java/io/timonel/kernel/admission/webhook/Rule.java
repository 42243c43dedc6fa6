package io.timonel.kernel.admission.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.admission.AdmissionRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a webhook's {@code rules}: which operations on which resources it wants to see.
 *
 * @param operations  CREATE, UPDATE, DELETE, CONNECT or {@code *}
 * @param apiGroups   groups ({@code ""} is core) or {@code *}
 * @param apiVersions versions or {@code *}
 * @param resources   {@code pods}, {@code pods/status}, {@code pods/*}, {@code *}, {@code *}{@code /status}
 *                    or {@code *}{@code /*}; a bare name matches only the main resource
 * @param scope       {@code Cluster}, {@code Namespaced} or {@code *}
 */
public record Rule(List<String> operations, List<String> apiGroups, List<String> apiVersions,
                   List<String> resources, String scope) {

    static final String ALL = "*";

    /** Reads a rule as stored, with Kubernetes' default scope {@code *}. */
    public static Rule from(JsonNode rule) {
        return new Rule(strings(rule.path("operations")), strings(rule.path("apiGroups")),
                strings(rule.path("apiVersions")), strings(rule.path("resources")),
                rule.path("scope").asText(ALL).isEmpty() ? ALL : rule.path("scope").asText(ALL));
    }

    /**
     * Whether the request falls under this rule.
     *
     * @param anyVersion match the resource in any version ({@code matchPolicy: Equivalent}): every
     *                   served version of a group and resource is taken as the same resource
     */
    public boolean matches(AdmissionRequest request, boolean anyVersion) {
        return matchesOperation(request.operation().name())
                && listed(apiGroups, request.type().group())
                && (anyVersion || listed(apiVersions, request.type().version()))
                && matchesResource(request.type().plural(), request.subresource())
                && matchesScope(request);
    }

    private boolean matchesOperation(String operation) {
        return listed(operations, operation);
    }

    private boolean matchesResource(String resource, String subresource) {
        String sub = subresource == null ? "" : subresource;
        for (String entry : resources) {
            int slash = entry.indexOf('/');
            String res = slash < 0 ? entry : entry.substring(0, slash);
            String entrySub = slash < 0 ? "" : entry.substring(slash + 1);
            if ((res.equals(ALL) || res.equals(resource)) && (entrySub.equals(ALL) || entrySub.equals(sub))) {
                return true;
            }
        }
        return false;
    }

    /** Namespace objects count as cluster-scoped, as in Kubernetes. */
    private boolean matchesScope(AdmissionRequest request) {
        boolean namespaceObject = isNamespace(request);
        boolean clusterScoped = namespaceObject || !request.type().namespaced();
        return switch (scope) {
            case "Namespaced" -> !clusterScoped;
            case "Cluster" -> clusterScoped;
            default -> true;
        };
    }

    static boolean isNamespace(AdmissionRequest request) {
        return request.type().group().isEmpty() && request.type().plural().equals("namespaces");
    }

    private static boolean listed(List<String> values, String value) {
        return values.contains(ALL) || values.contains(value);
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }
}

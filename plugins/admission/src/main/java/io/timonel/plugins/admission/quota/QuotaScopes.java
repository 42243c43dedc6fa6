package io.timonel.plugins.admission.quota;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which objects a ResourceQuota covers, from its {@code spec.scopes} and
 * {@code spec.scopeSelector}: a quota without scopes covers every object; a scoped one covers
 * only pods that match all its scopes (Terminating, NotTerminating, BestEffort, NotBestEffort,
 * PriorityClass). Scopes this plugin does not know match nothing, so they never refuse.
 */
final class QuotaScopes {
    private QuotaScopes() {
    }

    /** A predicate over (resource, object) for one quota. */
    static Predicate<Target> of(JsonNode quota) {
        JsonNode spec = quota.path("spec");
        List<Predicate<JsonNode>> podScopes = new ArrayList<>();
        for (JsonNode scope : spec.path("scopes")) {
            podScopes.add(scope(scope.asText(), "Exists", Set.of()));
        }
        for (JsonNode expr : spec.path("scopeSelector").path("matchExpressions")) {
            Set<String> values = new java.util.HashSet<>();
            expr.path("values").forEach(v -> values.add(v.asText()));
            podScopes.add(scope(expr.path("scopeName").asText(), expr.path("operator").asText("Exists"), values));
        }
        if (podScopes.isEmpty()) {
            return t -> true;
        }
        return t -> t.isPod() && podScopes.stream().allMatch(p -> p.test(t.object()));
    }

    /** One object under evaluation, with the kind it is. */
    record Target(String group, String resource, JsonNode object) {
        boolean isPod() {
            return group.isEmpty() && resource.equals("pods");
        }
    }

    private static Predicate<JsonNode> scope(String name, String operator, Set<String> values) {
        return switch (name) {
            case "Terminating" -> QuotaScopes::terminating;
            case "NotTerminating" -> p -> !terminating(p);
            case "BestEffort" -> QuotaScopes::bestEffort;
            case "NotBestEffort" -> p -> !bestEffort(p);
            case "PriorityClass" -> p -> {
                String pc = p.path("spec").path("priorityClassName").asText("");
                return switch (operator) {
                    case "In" -> values.contains(pc);
                    case "NotIn" -> !values.contains(pc);
                    case "Exists" -> !pc.isEmpty();
                    case "DoesNotExist" -> pc.isEmpty();
                    default -> false;
                };
            };
            default -> p -> false;
        };
    }

    private static boolean terminating(JsonNode pod) {
        return pod.path("spec").hasNonNull("activeDeadlineSeconds");
    }

    private static boolean bestEffort(JsonNode pod) {
        List<JsonNode> all = new ArrayList<>();
        pod.path("spec").path("containers").forEach(all::add);
        pod.path("spec").path("initContainers").forEach(all::add);
        for (JsonNode c : all) {
            JsonNode r = c.path("resources");
            if (r.path("requests").size() > 0 || r.path("limits").size() > 0) {
                return false;
            }
        }
        return true;
    }
}

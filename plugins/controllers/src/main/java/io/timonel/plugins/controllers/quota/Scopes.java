package io.timonel.plugins.controllers.quota;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ScopedResourceSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which pods a ResourceQuota's scopes ({@code spec.scopes} and {@code spec.scopeSelector}) take in:
 * Terminating / NotTerminating (whether {@code activeDeadlineSeconds} is set), BestEffort /
 * NotBestEffort (no requests or limits on any container), PriorityClass (by
 * {@code priorityClassName}, with In, NotIn, Exists, DoesNotExist). A scoped quota tracks pods
 * only; an unscoped one takes in everything.
 */
final class Scopes {
    private Scopes() {
    }

    static boolean isScoped(ResourceQuota quota) {
        return (quota.getSpec().getScopes() != null && !quota.getSpec().getScopes().isEmpty())
                || (quota.getSpec().getScopeSelector() != null
                && quota.getSpec().getScopeSelector().getMatchExpressions() != null
                && !quota.getSpec().getScopeSelector().getMatchExpressions().isEmpty());
    }

    static Predicate<Pod> pods(ResourceQuota quota) {
        List<Predicate<Pod>> terms = new ArrayList<>();
        if (quota.getSpec().getScopes() != null) {
            quota.getSpec().getScopes().forEach(scope -> terms.add(scope(scope, "Exists", List.of())));
        }
        if (quota.getSpec().getScopeSelector() != null && quota.getSpec().getScopeSelector().getMatchExpressions() != null) {
            for (ScopedResourceSelectorRequirement r : quota.getSpec().getScopeSelector().getMatchExpressions()) {
                terms.add(scope(r.getScopeName(), r.getOperator(), r.getValues() == null ? List.of() : r.getValues()));
            }
        }
        return pod -> terms.stream().allMatch(t -> t.test(pod));
    }

    private static Predicate<Pod> scope(String name, String operator, List<String> values) {
        return switch (name) {
            case "Terminating" -> pod -> pod.getSpec().getActiveDeadlineSeconds() != null;
            case "NotTerminating" -> pod -> pod.getSpec().getActiveDeadlineSeconds() == null;
            case "BestEffort" -> Scopes::isBestEffort;
            case "NotBestEffort" -> pod -> !isBestEffort(pod);
            case "PriorityClass" -> pod -> {
                String pc = pod.getSpec().getPriorityClassName();
                return switch (operator) {
                    case "In" -> pc != null && values.contains(pc);
                    case "NotIn" -> pc == null || !values.contains(pc);
                    case "Exists" -> pc != null && !pc.isEmpty();
                    case "DoesNotExist" -> pc == null || pc.isEmpty();
                    default -> false;
                };
            };
            default -> pod -> false;
        };
    }

    static boolean isBestEffort(Pod pod) {
        List<Container> all = new ArrayList<>();
        if (pod.getSpec().getContainers() != null) {
            all.addAll(pod.getSpec().getContainers());
        }
        if (pod.getSpec().getInitContainers() != null) {
            all.addAll(pod.getSpec().getInitContainers());
        }
        return all.stream().allMatch(c -> c.getResources() == null
                || ((c.getResources().getRequests() == null || c.getResources().getRequests().isEmpty())
                && (c.getResources().getLimits() == null || c.getResources().getLimits().isEmpty())));
    }
}

package io.timonel.plugins.nodeagent.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A pod's quality-of-service class by Kubernetes' rules over cpu and memory of all its
 * containers, init containers included: BestEffort when none requests or limits either;
 * Guaranteed when every container limits both and requests exactly its limits (a missing request
 * counts as the limit, as defaulting makes it); Burstable otherwise.
 */
public final class QosClass {
    public static final String GUARANTEED = "Guaranteed";
    public static final String BURSTABLE = "Burstable";
    public static final String BEST_EFFORT = "BestEffort";
    private static final List<String> RESOURCES = List.of("cpu", "memory");

    private QosClass() {
    }

    public static String of(PodSpec spec) {
        Map<String, BigDecimal> requests = new HashMap<>();
        Map<String, BigDecimal> limits = new HashMap<>();
        boolean guaranteed = true;
        List<Container> all = Stream.concat(spec.getInitContainers().stream(), spec.getContainers().stream()).toList();
        for (Container container : all) {
            ResourceRequirements r = container.getResources();
            Map<String, Quantity> req = r == null || r.getRequests() == null ? Map.of() : r.getRequests();
            Map<String, Quantity> lim = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
            int limited = 0;
            for (String resource : RESOURCES) {
                BigDecimal limit = amount(lim.get(resource));
                BigDecimal request = req.containsKey(resource) ? amount(req.get(resource)) : limit;
                if (request.signum() > 0) {
                    requests.merge(resource, request, BigDecimal::add);
                }
                if (limit.signum() > 0) {
                    limits.merge(resource, limit, BigDecimal::add);
                    limited++;
                }
                if (limit.signum() > 0 && request.compareTo(limit) != 0) {
                    guaranteed = false;
                }
            }
            if (limited < RESOURCES.size()) {
                guaranteed = false;
            }
        }
        if (requests.isEmpty() && limits.isEmpty()) {
            return BEST_EFFORT;
        }
        return guaranteed ? GUARANTEED : BURSTABLE;
    }

    /** The class's rank for eviction: BestEffort pods go first, Guaranteed last. */
    public static int evictionRank(String qosClass) {
        return switch (qosClass) {
            case BEST_EFFORT -> 0;
            case BURSTABLE -> 1;
            default -> 2;
        };
    }

    static BigDecimal amount(Quantity quantity) {
        if (quantity == null || quantity.getAmount() == null) {
            return BigDecimal.ZERO;
        }
        try {
            return quantity.getNumericalAmount();
        } catch (IllegalArgumentException e) {
            return BigDecimal.ZERO;
        }
    }
}

package io.timonel.plugins.simnodes;

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
 * A pod's quality-of-service class, by Kubernetes' rules over cpu and memory of all its
 * containers (init containers included): BestEffort when none asks for any; Guaranteed when
 * every container limits both and asks for exactly its limits; Burstable otherwise. A request
 * left out where a limit is set counts as the limit, as the API server's defaulting makes it.
 */
final class QosClass {
    static final String GUARANTEED = "Guaranteed";
    static final String BURSTABLE = "Burstable";
    static final String BEST_EFFORT = "BestEffort";
    private static final List<String> RESOURCES = List.of("cpu", "memory");

    private QosClass() {
    }

    static String of(PodSpec spec) {
        Map<String, BigDecimal> requests = new HashMap<>();
        Map<String, BigDecimal> limits = new HashMap<>();
        boolean guaranteed = true;
        List<Container> all = Stream.concat(spec.getInitContainers().stream(), spec.getContainers().stream()).toList();
        for (Container container : all) {
            ResourceRequirements resources = container.getResources();
            Map<String, Quantity> req = resources == null || resources.getRequests() == null ? Map.of()
                    : resources.getRequests();
            Map<String, Quantity> lim = resources == null || resources.getLimits() == null ? Map.of()
                    : resources.getLimits();
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
            }
            if (limited < RESOURCES.size()) {
                guaranteed = false;
            }
        }
        if (requests.isEmpty() && limits.isEmpty()) {
            return BEST_EFFORT;
        }
        if (guaranteed && requests.size() == limits.size()
                && requests.entrySet().stream().allMatch(e -> limits.get(e.getKey()) != null
                        && limits.get(e.getKey()).compareTo(e.getValue()) == 0)) {
            return GUARANTEED;
        }
        return BURSTABLE;
    }

    private static BigDecimal amount(Quantity quantity) {
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

package io.timonel.plugins.nodeagent.env;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;

/**
 * The container resources the downward API exposes through {@code resourceFieldRef}
 * ({@code limits.cpu}, {@code requests.memory}, {@code limits.ephemeral-storage},
 * {@code requests.hugepages-2Mi} …), divided by the divisor and rounded up as Kubernetes does:
 * CPU in millicores over the divisor's millicores, the others in units over the divisor's units.
 * A limit the container does not set is the node's allocatable amount; a request it does not set
 * is its limit when it sets one (the API's defaulting), else zero.
 */
public final class ResourceFields {

    private ResourceFields() {
    }

    /**
     * The value, or empty when {@code ref.resource} is not one Kubernetes supports.
     *
     * @param allocatable the node's allocatable resources, standing for limits the container leaves unset
     */
    public static Optional<String> value(Container container, ResourceFieldSelector ref,
                                         Map<String, Quantity> allocatable) {
        String resource = ref.getResource();
        if (resource == null) {
            return Optional.empty();
        }
        boolean limit;
        String name;
        if (resource.startsWith("limits.")) {
            limit = true;
            name = resource.substring("limits.".length());
        } else if (resource.startsWith("requests.")) {
            limit = false;
            name = resource.substring("requests.".length());
        } else {
            return Optional.empty();
        }
        boolean cpu = name.equals("cpu");
        if (!cpu && !name.equals("memory") && !name.equals("ephemeral-storage") && !name.startsWith("hugepages-")) {
            return Optional.empty();
        }
        BigDecimal amount = amount(container.getResources(), name, limit, allocatable);
        BigDecimal divisor = ref.getDivisor() == null ? BigDecimal.ZERO : ref.getDivisor().getNumericalAmount();
        if (divisor.signum() == 0) {
            divisor = BigDecimal.ONE;
        }
        BigDecimal result;
        if (cpu) {
            // Kubernetes compares whole millicores: ceil(milli(amount) / milli(divisor))
            BigDecimal milli = amount.movePointRight(3).setScale(0, RoundingMode.CEILING);
            BigDecimal divisorMilli = divisor.movePointRight(3).setScale(0, RoundingMode.CEILING);
            if (divisorMilli.signum() == 0) {
                divisorMilli = BigDecimal.ONE;
            }
            result = milli.divide(divisorMilli, 0, RoundingMode.CEILING);
        } else {
            BigDecimal units = amount.setScale(0, RoundingMode.CEILING);
            BigDecimal divisorUnits = divisor.setScale(0, RoundingMode.CEILING);
            result = units.divide(divisorUnits, 0, RoundingMode.CEILING);
        }
        return Optional.of(result.toPlainString());
    }

    private static BigDecimal amount(ResourceRequirements resources, String name, boolean limit,
                                     Map<String, Quantity> allocatable) {
        Quantity declaredLimit = get(resources == null ? null : resources.getLimits(), name);
        if (limit) {
            if (declaredLimit != null && declaredLimit.getNumericalAmount().signum() != 0) {
                return declaredLimit.getNumericalAmount();
            }
            Quantity node = get(allocatable, name);
            return node == null ? BigDecimal.ZERO : node.getNumericalAmount();
        }
        Quantity request = get(resources == null ? null : resources.getRequests(), name);
        if (request == null) {
            request = declaredLimit;
        }
        return request == null ? BigDecimal.ZERO : request.getNumericalAmount();
    }

    private static Quantity get(Map<String, Quantity> map, String name) {
        return map == null ? null : map.get(name);
    }
}

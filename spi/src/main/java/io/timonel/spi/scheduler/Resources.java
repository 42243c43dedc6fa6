package io.timonel.spi.scheduler;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * An amount of node resources: CPU in millicores, memory and ephemeral storage in bytes, a pod
 * count, and extended resources (e.g. {@code nvidia.com/gpu}) by name. Immutable.
 */
public record Resources(long milliCpu, long memory, long ephemeralStorage, long pods, Map<String, Long> scalars) {

    public static final Resources ZERO = new Resources(0, 0, 0, 0, Map.of());

    public Resources {
        scalars = Map.copyOf(scalars);
    }

    /** Reads a {@code ResourceList} ({@code cpu}, {@code memory}, {@code ephemeral-storage}, {@code pods}, others). */
    public static Resources of(Map<String, Quantity> list) {
        if (list == null || list.isEmpty()) {
            return ZERO;
        }
        long cpu = 0;
        long memory = 0;
        long storage = 0;
        long pods = 0;
        Map<String, Long> scalars = Map.of();
        for (Map.Entry<String, Quantity> e : list.entrySet()) {
            switch (e.getKey()) {
                case "cpu" -> cpu = milli(e.getValue());
                case "memory" -> memory = whole(e.getValue());
                case "ephemeral-storage" -> storage = whole(e.getValue());
                case "pods" -> pods = whole(e.getValue());
                default -> {
                    if (scalars.isEmpty()) {
                        scalars = new HashMap<>();
                    }
                    scalars.put(e.getKey(), whole(e.getValue()));
                }
            }
        }
        return new Resources(cpu, memory, storage, pods, scalars);
    }

    /** A quantity in thousandths, rounded up (CPU {@code 100m} is 100; {@code 1} is 1000). */
    public static long milli(Quantity q) {
        if (q == null) {
            return 0;
        }
        return Quantity.getAmountInBytes(q).movePointRight(3).setScale(0, java.math.RoundingMode.CEILING).longValue();
    }

    /** A quantity as a whole number, rounded up ({@code 1Gi} is 1073741824). */
    public static long whole(Quantity q) {
        if (q == null) {
            return 0;
        }
        BigDecimal amount = Quantity.getAmountInBytes(q);
        return amount.setScale(0, java.math.RoundingMode.CEILING).longValue();
    }

    public Resources plus(Resources o) {
        return new Resources(milliCpu + o.milliCpu, memory + o.memory, ephemeralStorage + o.ephemeralStorage,
                pods + o.pods, merge(scalars, o.scalars, 1));
    }

    public Resources minus(Resources o) {
        return new Resources(milliCpu - o.milliCpu, memory - o.memory, ephemeralStorage - o.ephemeralStorage,
                pods - o.pods, merge(scalars, o.scalars, -1));
    }

    /** The larger of each amount. */
    public Resources max(Resources o) {
        Map<String, Long> s = new HashMap<>(scalars);
        o.scalars.forEach((k, v) -> s.merge(k, v, Math::max));
        return new Resources(Math.max(milliCpu, o.milliCpu), Math.max(memory, o.memory),
                Math.max(ephemeralStorage, o.ephemeralStorage), Math.max(pods, o.pods), s);
    }

    /** The amount of {@code name} ({@code cpu} in millicores). */
    public long get(String name) {
        return switch (name) {
            case "cpu" -> milliCpu;
            case "memory" -> memory;
            case "ephemeral-storage" -> ephemeralStorage;
            case "pods" -> pods;
            default -> scalars.getOrDefault(name, 0L);
        };
    }

    private static Map<String, Long> merge(Map<String, Long> a, Map<String, Long> b, int sign) {
        if (b.isEmpty()) {
            return a;
        }
        Map<String, Long> s = new HashMap<>(a);
        b.forEach((k, v) -> s.merge(k, sign * v, Long::sum));
        return s;
    }
}

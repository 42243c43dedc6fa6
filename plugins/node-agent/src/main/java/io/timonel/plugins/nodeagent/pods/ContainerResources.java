package io.timonel.plugins.nodeagent.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.timonel.spi.runtime.ContainerConfig;
import java.math.BigDecimal;
import java.util.Map;

/**
 * A container's cgroup settings from its requests and limits, as the kubelet computes them:
 * CPU shares from the request (millicores × 1024 / 1000, at least 2), CFS quota from the limit
 * (millicores × 100 per 100 ms period, at least 1 ms), memory limit in bytes. A request left out
 * where a limit is set counts as the limit.
 */
public final class ContainerResources {
    static final long MIN_SHARES = 2;
    static final long PERIOD_MICROS = 100_000;
    static final long MIN_QUOTA_MICROS = 1_000;

    private ContainerResources() {
    }

    public static ContainerConfig.Resources of(Container container) {
        ResourceRequirements r = container.getResources();
        Map<String, Quantity> requests = r == null || r.getRequests() == null ? Map.of() : r.getRequests();
        Map<String, Quantity> limits = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
        long cpuLimit = millis(limits.get("cpu"));
        long cpuRequest = requests.containsKey("cpu") ? millis(requests.get("cpu")) : cpuLimit;
        long shares = Math.max(MIN_SHARES, cpuRequest * 1024 / 1000);
        long quota = cpuLimit == 0 ? 0 : Math.max(MIN_QUOTA_MICROS, cpuLimit * PERIOD_MICROS / 1000);
        long memory = QosClass.amount(limits.get("memory")).longValue();
        return new ContainerConfig.Resources(shares, quota, quota == 0 ? 0 : PERIOD_MICROS, memory);
    }

    /** Millicores of a cpu quantity (0.1 → 100, 250m → 250), rounded up. */
    static long millis(Quantity cpu) {
        BigDecimal cores = QosClass.amount(cpu);
        return cores.multiply(BigDecimal.valueOf(1000)).setScale(0, java.math.RoundingMode.CEILING).longValue();
    }
}

package io.timonel.spi.scheduler;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Map;

/**
 * A pod with what policies read for every node precomputed once: its effective resource
 * requests as Kubernetes computes them (the sum over containers and restartable init
 * containers, at least the largest other init container, plus the pod overhead), the same with
 * defaults for unset CPU and memory (used to score, so that request-less pods still spread),
 * and its priority.
 *
 * @param pod        the pod as last seen
 * @param requests   effective requests; {@code pods} is 1
 * @param nonZero    effective requests with 100m CPU and 200 MiB memory for containers that set none
 * @param priority   {@code spec.priority}, 0 when unset
 */
public record PodInfo(Pod pod, Resources requests, Resources nonZero, int priority) {

    /** Requests Kubernetes assumes for scoring when a container sets none. */
    public static final long DEFAULT_MILLI_CPU = 100;
    public static final long DEFAULT_MEMORY = 200L * 1024 * 1024;

    public static PodInfo of(Pod pod) {
        PodSpec spec = pod.getSpec();
        Resources sum = Resources.ZERO;
        Resources sumNonZero = Resources.ZERO;
        Resources init = Resources.ZERO;
        Resources initNonZero = Resources.ZERO;
        if (spec != null) {
            // restartable ("sidecar") init containers run beside the app containers: they add
            Resources sidecars = Resources.ZERO;
            Resources sidecarsNonZero = Resources.ZERO;
            for (Container c : nullSafe(spec.getInitContainers())) {
                Resources r = requestsOf(c);
                Resources nz = nonZero(r);
                if ("Always".equals(c.getRestartPolicy())) {
                    sidecars = sidecars.plus(r);
                    sidecarsNonZero = sidecarsNonZero.plus(nz);
                } else {
                    init = init.max(sidecars.plus(r));
                    initNonZero = initNonZero.max(sidecarsNonZero.plus(nz));
                }
            }
            sum = sidecars;
            sumNonZero = sidecarsNonZero;
            for (Container c : nullSafe(spec.getContainers())) {
                Resources r = requestsOf(c);
                sum = sum.plus(r);
                sumNonZero = sumNonZero.plus(nonZero(r));
            }
            sum = sum.max(init);
            sumNonZero = sumNonZero.max(initNonZero);
            if (spec.getOverhead() != null && !spec.getOverhead().isEmpty()) {
                Resources overhead = Resources.of(spec.getOverhead());
                sum = sum.plus(overhead);
                sumNonZero = sumNonZero.plus(overhead);
            }
        }
        Resources one = new Resources(0, 0, 0, 1, Map.of());
        int priority = spec == null || spec.getPriority() == null ? 0 : spec.getPriority();
        return new PodInfo(pod, sum.plus(one), sumNonZero.plus(one), priority);
    }

    public String namespace() {
        return pod.getMetadata().getNamespace();
    }

    public String name() {
        return pod.getMetadata().getName();
    }

    public String uid() {
        return pod.getMetadata().getUid();
    }

    /** {@code namespace/name}. */
    public String key() {
        return namespace() + "/" + name();
    }

    public Map<String, String> labels() {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    /** {@code spec.affinity}, or null. */
    public Affinity affinity() {
        return pod.getSpec() == null ? null : pod.getSpec().getAffinity();
    }

    private static Resources requestsOf(Container c) {
        return c.getResources() == null ? Resources.ZERO : Resources.of(c.getResources().getRequests());
    }

    private static Resources nonZero(Resources r) {
        if (r.milliCpu() != 0 && r.memory() != 0) {
            return r;
        }
        return new Resources(r.milliCpu() == 0 ? DEFAULT_MILLI_CPU : r.milliCpu(), r.memory() == 0 ? DEFAULT_MEMORY : r.memory(),
                r.ephemeralStorage(), r.pods(), r.scalars());
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}

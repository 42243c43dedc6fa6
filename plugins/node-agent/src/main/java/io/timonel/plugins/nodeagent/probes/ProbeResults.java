package io.timonel.plugins.nodeagent.probes;

import io.fabric8.kubernetes.api.model.Container;

/** The probe results of running containers, by container id. Thread-safe. */
public interface ProbeResults {

    /** The current result of one probe of a container, or null while no probe of that kind runs for it. */
    ProbeResult result(String containerId, ProbeKind kind);

    /** No probe has run (tests, a pod without probes). */
    ProbeResults NONE = (id, kind) -> null;

    /**
     * What the probes say of a running container.
     *
     * @param started whether it passed its startup probe (or has none)
     * @param ready   whether it is started and passes its readiness probe (or has none)
     * @param failed  the probe whose failure means it must be restarted, or null
     */
    record Health(boolean started, boolean ready, ProbeKind failed) {
    }

    /** The health of the running container {@code containerId} made from {@code spec}. */
    default Health health(Container spec, String containerId) {
        boolean started = spec.getStartupProbe() == null || result(containerId, ProbeKind.STARTUP) == ProbeResult.SUCCESS;
        boolean ready = started && (spec.getReadinessProbe() == null
                || result(containerId, ProbeKind.READINESS) == ProbeResult.SUCCESS);
        ProbeKind failed = null;
        if (spec.getStartupProbe() != null && result(containerId, ProbeKind.STARTUP) == ProbeResult.FAILURE) {
            failed = ProbeKind.STARTUP;
        } else if (spec.getLivenessProbe() != null
                && result(containerId, ProbeKind.LIVENESS) == ProbeResult.FAILURE) {
            failed = ProbeKind.LIVENESS;
        }
        return new Health(started, ready, failed);
    }
}

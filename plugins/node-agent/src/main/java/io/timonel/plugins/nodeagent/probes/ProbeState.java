package io.timonel.plugins.nodeagent.probes;

import io.fabric8.kubernetes.api.model.Probe;

/**
 * The result of one probe of one container under its thresholds: the result changes to success
 * after {@code successThreshold} successes in a row and to failure after
 * {@code failureThreshold} failures in a row (defaults 1 and 3). Not thread-safe.
 */
public final class ProbeState {
    private final int successThreshold;
    private final int failureThreshold;
    private ProbeResult result;
    private Boolean lastRun;
    private int streak;

    public ProbeState(ProbeKind kind, Probe probe) {
        this.successThreshold = positive(probe.getSuccessThreshold(), 1);
        this.failureThreshold = positive(probe.getFailureThreshold(), 3);
        this.result = kind.initial();
    }

    /** Takes one run's outcome; returns whether the result changed. */
    public boolean record(boolean success) {
        if (lastRun != null && lastRun == success) {
            streak++;
        } else {
            lastRun = success;
            streak = 1;
        }
        ProbeResult next = result;
        if (success && streak >= successThreshold) {
            next = ProbeResult.SUCCESS;
        } else if (!success && streak >= failureThreshold) {
            next = ProbeResult.FAILURE;
        }
        boolean changed = next != result;
        result = next;
        return changed;
    }

    public ProbeResult result() {
        return result;
    }

    private static int positive(Integer value, int fallback) {
        return value == null || value < 1 ? fallback : value;
    }
}

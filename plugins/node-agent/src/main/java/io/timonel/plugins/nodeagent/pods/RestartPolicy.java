package io.timonel.plugins.nodeagent.pods;

import io.fabric8.kubernetes.api.model.PodSpec;

/** A pod's restartPolicy and what it says about an exited container. */
public enum RestartPolicy {
    ALWAYS, ON_FAILURE, NEVER;

    public static RestartPolicy of(PodSpec spec) {
        String p = spec.getRestartPolicy();
        if ("Never".equals(p)) {
            return NEVER;
        }
        return "OnFailure".equals(p) ? ON_FAILURE : ALWAYS;
    }

    /** Whether a main container that exited with {@code exitCode} starts again. */
    public boolean restarts(int exitCode) {
        return switch (this) {
            case ALWAYS -> true;
            case ON_FAILURE -> exitCode != 0;
            case NEVER -> false;
        };
    }

    /** Whether a failed init container is tried again (else the pod fails). */
    public boolean retriesInit() {
        return this != NEVER;
    }
}

package io.timonel.plugins.nodeagent.probes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;

/** The three probes a container may have, with the result each starts from. */
public enum ProbeKind {
    /** Failure restarts the container; assumed healthy until it fails. */
    LIVENESS("Liveness", ProbeResult.SUCCESS),
    /** Gates the container's ready flag; not ready until it succeeds. */
    READINESS("Readiness", ProbeResult.FAILURE),
    /** Holds the other two back until it succeeds; failure restarts the container. */
    STARTUP("Startup", ProbeResult.UNKNOWN);

    private final String title;
    private final ProbeResult initial;

    ProbeKind(String title, ProbeResult initial) {
        this.title = title;
        this.initial = initial;
    }

    /** "Liveness", as events say it. */
    public String title() {
        return title;
    }

    /** The result before any probe ran. */
    public ProbeResult initial() {
        return initial;
    }

    /** The container's probe of this kind, or null. */
    public Probe of(Container container) {
        return switch (this) {
            case LIVENESS -> container.getLivenessProbe();
            case READINESS -> container.getReadinessProbe();
            case STARTUP -> container.getStartupProbe();
        };
    }
}

package io.timonel.plugins.nodeagent.probes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.timonel.plugins.nodeagent.events.PodEvents;
import java.time.Instant;

/**
 * Probes one kind of one running container: after {@code initialDelaySeconds} from the container's
 * start, and (liveness, readiness) once its startup probe passed. A liveness or startup failure,
 * and a startup success, end its probing: the container is restarted (a new worker then) or
 * started. Each failed run makes an {@code Unhealthy} event. {@link #tick} runs on one thread at
 * a time.
 */
final class ProbeWorker {
    final String podUid;
    final String containerId;
    final ProbeKind kind;
    private final Container container;
    private final Probe probe;
    private final Instant startedAt;
    private final ProbeState state;
    private volatile Pod pod;
    private volatile String podIp;
    private volatile boolean done;

    ProbeWorker(Pod pod, String podIp, Container container, String containerId, Instant startedAt, ProbeKind kind) {
        this.podUid = pod.getMetadata().getUid();
        this.pod = pod;
        this.podIp = podIp;
        this.container = container;
        this.containerId = containerId;
        this.kind = kind;
        this.probe = kind.of(container);
        this.startedAt = startedAt;
        this.state = new ProbeState(kind, probe);
    }

    /** The latest pod object and address (events name it; probes reach it). */
    void update(Pod latest, String ip) {
        pod = latest;
        podIp = ip;
    }

    ProbeResult result() {
        return state.result();
    }

    /** The period between runs, in seconds (default 10). */
    long periodSeconds() {
        return probe.getPeriodSeconds() == null || probe.getPeriodSeconds() < 1 ? 10 : probe.getPeriodSeconds();
    }

    /** When the first run is due. */
    Instant firstRun() {
        int delay = probe.getInitialDelaySeconds() == null ? 0 : Math.max(0, probe.getInitialDelaySeconds());
        return (startedAt == null ? Instant.EPOCH : startedAt).plusSeconds(delay);
    }

    /**
     * Runs the probe once if it is due at {@code now}; returns whether the result changed.
     *
     * @param results the container's other probes (to wait for its startup probe)
     */
    boolean tick(Instant now, Prober prober, ProbeResults results, PodEvents events) {
        if (done || now.isBefore(firstRun())) {
            return false;
        }
        if (kind != ProbeKind.STARTUP && container.getStartupProbe() != null
                && results.result(containerId, ProbeKind.STARTUP) != ProbeResult.SUCCESS) {
            return false;
        }
        ProbeOutcome outcome = prober.probe(probe, new ProbeTarget(containerId, podIp, container));
        if (!outcome.success()) {
            events.warning(pod, "spec.containers{" + container.getName() + "}", "Unhealthy",
                    kind.title() + " probe failed: " + outcome.message());
        }
        boolean changed = state.record(outcome.success());
        if ((kind != ProbeKind.READINESS && state.result() == ProbeResult.FAILURE)
                || (kind == ProbeKind.STARTUP && state.result() == ProbeResult.SUCCESS)) {
            done = true;
        }
        return changed;
    }
}

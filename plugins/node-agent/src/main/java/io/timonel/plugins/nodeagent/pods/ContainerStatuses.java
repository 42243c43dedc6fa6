package io.timonel.plugins.nodeagent.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.timonel.plugins.nodeagent.probes.ProbeResults;
import io.timonel.spi.runtime.ContainerStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A container's entry in the pod's status from its newest instance in the runtime: running,
 * terminated (exit code, reason, times), or waiting (why it does not run now); lastState from
 * the instance before; restartCount from the instance's attempt; ready and started from probes.
 */
public final class ContainerStatuses {

    private ContainerStatuses() {
    }

    /**
     * @param runtimeName   the containerID scheme ({@code docker}, {@code containerd})
     * @param waiting       why the container waits, or null
     * @param health        what its probes say (used while it runs)
     * @param defaultReason the waiting reason when nothing ran yet ({@code ContainerCreating} or {@code PodInitializing})
     */
    public static io.fabric8.kubernetes.api.model.ContainerStatus of(Container spec, boolean init, PodRuntime rt,
                                                                     String runtimeName, Waiting waiting,
                                                                     ProbeResults probes, String defaultReason,
                                                                     Messages messages) {
        ContainerStatus latest = rt.latest(spec.getName()).orElse(null);
        ContainerStatusBuilder b = new ContainerStatusBuilder().withName(spec.getName()).withImage(spec.getImage())
                .withImageID(latest == null || latest.imageId() == null ? "" : latest.imageId())
                .withRestartCount(latest == null ? 0 : latest.attempt())
                .withReady(false).withStarted(false)
                .withLastState(new ContainerState());
        if (latest != null) {
            b.withContainerID(runtimeName + "://" + latest.id());
        }
        ContainerStatus previous = latest == null ? null : rt.previous(latest).orElse(null);
        if (latest != null && latest.state() == ContainerStatus.State.RUNNING) {
            b.withState(new ContainerStateBuilder().withNewRunning().withStartedAt(time(latest.startedAt()))
                    .endRunning().build());
            if (init && !Sidecars.is(spec)) {
                b.withStarted(true);
            } else {
                ProbeResults.Health h = probes.health(spec, latest.id());
                b.withStarted(h.started()).withReady(h.ready());
            }
            if (previous != null && exited(previous)) {
                b.withLastState(terminated(previous, runtimeName, messages.of(spec, previous)));
            }
        } else if (waiting != null) {
            b.withState(waitingState(waiting.reason(), waiting.message()));
            if (latest != null && exited(latest)) {
                b.withLastState(terminated(latest, runtimeName, messages.of(spec, latest)));
            } else if (previous != null && exited(previous)) {
                b.withLastState(terminated(previous, runtimeName, messages.of(spec, previous)));
            }
        } else if (latest != null && exited(latest)) {
            b.withState(terminated(latest, runtimeName, messages.of(spec, latest)));
            if (init && latest.exitCode() == 0) {
                b.withReady(true);
            }
            if (previous != null && exited(previous)) {
                b.withLastState(terminated(previous, runtimeName, messages.of(spec, previous)));
            }
        } else {
            b.withState(waitingState(latest == null ? defaultReason : Waiting.CONTAINER_CREATING, null));
            if (previous != null && exited(previous)) {
                b.withLastState(terminated(previous, runtimeName, messages.of(spec, previous)));
            }
        }
        return b.build();
    }

    /**
     * An ephemeral container's entry, as the kubelet writes it: built like a container's (waiting
     * ContainerCreating until it runs), never ready, no started field (probes do not apply).
     *
     * @param spec the ephemeral container as a container ({@link EphemeralContainers#of})
     */
    public static io.fabric8.kubernetes.api.model.ContainerStatus ephemeral(Container spec, PodRuntime rt,
                                                                            String runtimeName, Waiting waiting,
                                                                            Messages messages) {
        io.fabric8.kubernetes.api.model.ContainerStatus s = of(spec, false, rt, runtimeName, waiting,
                ProbeResults.NONE, Waiting.CONTAINER_CREATING, messages);
        s.setReady(false);
        s.setStarted(null);
        return s;
    }

    /** The termination message of an exited instance of a container. */
    @FunctionalInterface
    public interface Messages {
        String of(Container spec, ContainerStatus exited);

        /** What the runtime says. */
        Messages RUNTIME = (spec, exited) -> exited.message();
    }

    static boolean exited(ContainerStatus c) {
        return c.state() == ContainerStatus.State.EXITED || c.state() == ContainerStatus.State.UNKNOWN;
    }

    private static ContainerState waitingState(String reason, String message) {
        return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting().build();
    }

    static ContainerState terminated(ContainerStatus c, String runtimeName, String message) {
        String reason = c.reason() != null && !c.reason().isEmpty() ? c.reason()
                : c.exitCode() == 0 ? "Completed" : "Error";
        return new ContainerStateBuilder().withNewTerminated().withExitCode(c.exitCode()).withReason(reason)
                .withMessage(message == null || message.isEmpty() ? null : message)
                .withStartedAt(time(c.startedAt())).withFinishedAt(time(c.finishedAt()))
                .withContainerID(runtimeName + "://" + c.id()).endTerminated().build();
    }

    static String time(Instant t) {
        return t == null || t.equals(Instant.EPOCH) ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}

package io.timonel.plugins.nodeagent.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;

/**
 * Ephemeral containers (what {@code kubectl debug} adds to a running pod): started once in the
 * pod's ready sandbox, never restarted and never started again once they ran, whatever the pod's
 * restartPolicy; they count for neither the pod's phase nor its readiness, and stop with the pod.
 * Each one runs as a {@link Container} made of its fields ({@link #asContainer}), through the same
 * start path as the pod's containers.
 */
public final class EphemeralContainers {
    private EphemeralContainers() {
    }

    /** The pod's ephemeral containers as containers, in spec order. */
    public static List<Container> of(PodSpec spec) {
        if (spec == null || spec.getEphemeralContainers() == null) {
            return List.of();
        }
        return spec.getEphemeralContainers().stream().map(EphemeralContainers::asContainer).toList();
    }

    /** The targetContainerName of the ephemeral container {@code name}: whose processes it is to see. */
    public static java.util.Optional<String> target(PodSpec spec, String name) {
        if (spec == null || spec.getEphemeralContainers() == null) {
            return java.util.Optional.empty();
        }
        return spec.getEphemeralContainers().stream().filter(e -> e.getName().equals(name)).findFirst()
                .map(EphemeralContainer::getTargetContainerName).filter(t -> !t.isEmpty());
    }

    /** Whether {@code name} is one of the pod's ephemeral containers. */
    public static boolean has(PodSpec spec, String name) {
        return spec != null && spec.getEphemeralContainers() != null
                && spec.getEphemeralContainers().stream().anyMatch(e -> e.getName().equals(name));
    }

    /**
     * The container an ephemeral container runs as: the fields the API allows on one, copied.
     * Ports, resources, lifecycle hooks, probes and restartPolicy are left out even if set, so
     * nothing restarts, probes or delays it; targetContainerName is not a container's field: the
     * sync reads it with {@link #target} and starts the container in the target's process namespace.
     */
    static Container asContainer(EphemeralContainer e) {
        return new ContainerBuilder()
                .withName(e.getName())
                .withImage(e.getImage())
                .withImagePullPolicy(e.getImagePullPolicy())
                .withCommand(e.getCommand())
                .withArgs(e.getArgs())
                .withWorkingDir(e.getWorkingDir())
                .withEnv(e.getEnv())
                .withEnvFrom(e.getEnvFrom())
                .withVolumeMounts(e.getVolumeMounts())
                .withVolumeDevices(e.getVolumeDevices())
                .withSecurityContext(e.getSecurityContext())
                .withStdin(e.getStdin())
                .withStdinOnce(e.getStdinOnce())
                .withTty(e.getTty())
                .withTerminationMessagePath(e.getTerminationMessagePath())
                .withTerminationMessagePolicy(e.getTerminationMessagePolicy())
                .build();
    }
}

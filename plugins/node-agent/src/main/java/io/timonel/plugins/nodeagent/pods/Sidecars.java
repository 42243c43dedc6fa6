package io.timonel.plugins.nodeagent.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Sidecars: init containers with restartPolicy Always. They start in init order, let the next
 * init container go once they started, run beside the containers (restarted whatever the pod's
 * restartPolicy), count for the pod's readiness, and stop after the containers.
 */
public final class Sidecars {
    private Sidecars() {
    }

    public static boolean is(Container initContainer) {
        return "Always".equals(initContainer.getRestartPolicy());
    }

    /** The pod's sidecars, then its containers: every container that runs for the pod's life. */
    public static List<Container> withContainers(PodSpec spec) {
        List<Container> all = new ArrayList<>();
        spec.getInitContainers().stream().filter(Sidecars::is).forEach(all::add);
        all.addAll(spec.getContainers());
        return all;
    }
}

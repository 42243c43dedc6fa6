package io.timonel.plugins.nodeagent.probes;

import io.fabric8.kubernetes.api.model.Pod;
import io.timonel.spi.runtime.ContainerStatus;
import java.util.Map;

/** The probes of this node's containers: their results, and which containers have probes running. */
public interface Probes extends ProbeResults {

    /** Runs the probes of the pod's running main containers (by name) and stops the rest of its probes. */
    void sync(Pod pod, String podIp, Map<String, ContainerStatus> running);

    /** Stops every probe of a pod. */
    void forget(String podUid);
}

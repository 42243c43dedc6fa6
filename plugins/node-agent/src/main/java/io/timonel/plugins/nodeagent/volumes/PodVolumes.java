package io.timonel.plugins.nodeagent.volumes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.timonel.plugins.nodeagent.Outcome;
import io.timonel.spi.runtime.ContainerConfig;
import java.util.List;

/**
 * The volumes of the pods on this node, kept in directories of the agent's: emptyDir, configMap,
 * secret, downwardAPI, projected, hostPath and persistentVolumeClaim (a bound local PV).
 * Thread-safe; every method is idempotent.
 */
public interface PodVolumes {

    /**
     * Makes every volume of the pod ready on the node (creates directories, writes the files of
     * ConfigMaps, Secrets and downward API items) and returns the bind mounts of one container
     * (its volumeMounts, with subPath, readOnly), or why not ({@code FailedMount},
     * {@code CreateContainerConfigError}) when a referenced object is missing and not optional.
     */
    Outcome<List<ContainerConfig.Mount>> mountsFor(Pod pod, Container container);

    /**
     * As {@link #mountsFor(Pod, Container)}, with the container's resolved environment, from which
     * {@code subPathExpr} is expanded ({@code $(POD_NAME)}); without it, such references stay as written.
     */
    default Outcome<List<ContainerConfig.Mount>> mountsFor(Pod pod, Container container,
                                                            List<ContainerConfig.EnvVar> env) {
        return mountsFor(pod, container);
    }

    /** Brings the files of the pod's ConfigMap, Secret, downwardAPI and projected volumes up to date (atomically). */
    void refresh(Pod pod);

    /** Removes what the pod had on the node (emptyDirs, files), once its containers are gone. */
    void tearDown(String podUid);
}

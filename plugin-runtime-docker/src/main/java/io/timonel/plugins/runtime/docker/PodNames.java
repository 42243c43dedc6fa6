package io.timonel.plugins.runtime.docker;

import io.timonel.spi.runtime.ContainerConfig;
import io.timonel.spi.runtime.SandboxConfig;

/**
 * Docker container names for a pod's sandbox and containers, in the form the kubelet's Docker
 * integration used ({@code k8s_POD_<pod>_<namespace>_<uid>_<attempt>} and
 * {@code k8s_<container>_<pod>_<namespace>_<uid>_<attempt>}), so {@code docker ps} reads as it
 * always did. Names are unique per attempt; the runtime finds things by label, never by name.
 */
final class PodNames {
    static final String PREFIX = "k8s";
    static final String SANDBOX = "POD";

    private PodNames() {
    }

    static String sandbox(SandboxConfig pod) {
        return join(SANDBOX, pod, pod.attempt());
    }

    static String container(SandboxConfig pod, ContainerConfig container) {
        return join(container.name(), pod, container.attempt());
    }

    private static String join(String name, SandboxConfig pod, int attempt) {
        return String.join("_", PREFIX, name, pod.podName(), pod.podNamespace(), pod.podUid(), Integer.toString(attempt));
    }
}

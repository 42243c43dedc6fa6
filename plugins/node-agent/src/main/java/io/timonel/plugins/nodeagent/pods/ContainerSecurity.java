package io.timonel.plugins.nodeagent.pods;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.timonel.spi.runtime.ContainerConfig;
import java.util.List;

/**
 * A container's security settings: the container's securityContext, falling back to the pod's
 * for runAsUser and runAsGroup, as Kubernetes merges them.
 */
public final class ContainerSecurity {

    private ContainerSecurity() {
    }

    public static ContainerConfig.Security of(PodSpec pod, Container container) {
        SecurityContext c = container.getSecurityContext();
        PodSecurityContext p = pod.getSecurityContext();
        Long user = c != null && c.getRunAsUser() != null ? c.getRunAsUser() : p == null ? null : p.getRunAsUser();
        Long group = c != null && c.getRunAsGroup() != null ? c.getRunAsGroup() : p == null ? null : p.getRunAsGroup();
        boolean readOnly = c != null && Boolean.TRUE.equals(c.getReadOnlyRootFilesystem());
        boolean privileged = c != null && Boolean.TRUE.equals(c.getPrivileged());
        Capabilities caps = c == null ? null : c.getCapabilities();
        List<String> add = caps == null || caps.getAdd() == null ? List.of() : strip(caps.getAdd());
        List<String> drop = caps == null || caps.getDrop() == null ? List.of() : strip(caps.getDrop());
        if (user == null && group == null && !readOnly && !privileged && add.isEmpty() && drop.isEmpty()) {
            return ContainerConfig.Security.DEFAULT;
        }
        return new ContainerConfig.Security(user, group, readOnly, privileged, add, drop);
    }

    /** Kubernetes allows {@code CAP_NET_ADMIN} and {@code NET_ADMIN}; the runtime takes the latter. */
    private static List<String> strip(List<String> capabilities) {
        return capabilities.stream().map(s -> s.startsWith("CAP_") ? s.substring(4) : s).toList();
    }
}

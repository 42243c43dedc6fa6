package io.timonel.plugins.nodeagent.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.timonel.spi.runtime.ContainerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A container's runtime configuration from its spec and what the agent resolved for it. */
public final class ContainerConfigs {
    static final String HOSTS_PATH = "/etc/hosts";

    private ContainerConfigs() {
    }

    /**
     * @param hostsFile the pod's managed /etc/hosts, or null (hostNetwork): mounted unless the
     *                  container mounts something at /etc/hosts itself
     */
    public static ContainerConfig of(Pod pod, Container c, int attempt, List<ContainerConfig.EnvVar> env,
                                     List<ContainerConfig.Mount> mounts, Path hostsFile, NodeIdentity node) {
        List<ContainerConfig.Mount> all = new ArrayList<>(mounts);
        if (hostsFile != null && all.stream().noneMatch(m -> HOSTS_PATH.equals(m.containerPath()))) {
            all.add(new ContainerConfig.Mount(hostsFile.toString(), HOSTS_PATH, false));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (pod.getMetadata().getLabels() != null) {
            labels.putAll(pod.getMetadata().getLabels());
        }
        labels.putAll(PodSandboxes.labels(pod, node));
        labels.put(Labels.CONTAINER_NAME, c.getName());
        labels.put(Labels.CONTAINER_HASH, hash(c));
        return new ContainerConfig(c.getName(), attempt, c.getImage(),
                c.getCommand() == null ? List.of() : c.getCommand(),
                c.getArgs() == null ? List.of() : c.getArgs(),
                c.getWorkingDir() == null || c.getWorkingDir().isEmpty() ? null : c.getWorkingDir(),
                env, all, labels, Map.of(),
                Boolean.TRUE.equals(c.getTty()), Boolean.TRUE.equals(c.getStdin()),
                Boolean.TRUE.equals(c.getStdinOnce()),
                ContainerResources.of(c), ContainerSecurity.of(pod.getSpec(), c),
                c.getName() + "/" + attempt + ".log");
    }

    /** The hash of the parts of a container's spec that may change while the pod lives (its image). */
    public static String hash(Container c) {
        return Integer.toHexString(String.valueOf(c.getImage()).hashCode());
    }
}

package io.timonel.plugins.nodeagent.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.timonel.spi.runtime.SandboxConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A pod's sandbox: its hostname, network, DNS, hostPorts and the labels that find it again. */
public final class PodSandboxes {
    static final int MAX_HOSTNAME = 63;

    private PodSandboxes() {
    }

    public static SandboxConfig config(Pod pod, int attempt, NodeIdentity node) {
        var meta = pod.getMetadata();
        boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
        return new SandboxConfig(meta.getName(), meta.getNamespace(), meta.getUid(), attempt,
                hostNetwork ? node.hostname() : hostname(pod), hostNetwork,
                PodDns.of(pod.getSpec(), meta.getNamespace(), node), portMappings(pod), labels(pod, node),
                Map.of(), node.logDirectory(meta.getNamespace(), meta.getName(), meta.getUid()).toString(), null);
    }

    /** The labels that tie a sandbox or container to its pod and node. */
    static Map<String, String> labels(Pod pod, NodeIdentity node) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.POD_NAME, pod.getMetadata().getName());
        labels.put(Labels.POD_NAMESPACE, pod.getMetadata().getNamespace());
        labels.put(Labels.POD_UID, pod.getMetadata().getUid());
        labels.put(Labels.NODE, node.nodeName());
        return labels;
    }

    /** spec.hostname, else the pod's name, cut to a DNS label (63 characters, no trailing '-' or '.'). */
    public static String hostname(Pod pod) {
        String h = pod.getSpec().getHostname();
        if (h == null || h.isEmpty()) {
            h = pod.getMetadata().getName();
        }
        if (h.length() > MAX_HOSTNAME) {
            h = h.substring(0, MAX_HOSTNAME);
        }
        while (h.endsWith("-") || h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    static List<SandboxConfig.PortMapping> portMappings(Pod pod) {
        List<SandboxConfig.PortMapping> out = new ArrayList<>();
        Stream.concat(pod.getSpec().getInitContainers().stream(), pod.getSpec().getContainers().stream())
                .map(Container::getPorts).filter(p -> p != null).flatMap(List::stream)
                .filter(p -> p.getHostPort() != null && p.getHostPort() > 0)
                .forEach((ContainerPort p) -> out.add(new SandboxConfig.PortMapping(
                        p.getProtocol() == null ? "TCP" : p.getProtocol(), p.getContainerPort(), p.getHostPort(),
                        p.getHostIP() == null ? "" : p.getHostIP())));
        return out;
    }
}

package io.timonel.plugins.nodeagent.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.timonel.plugins.nodeagent.streaming.PodLocator;
import io.timonel.spi.runtime.ContainerStatus;
import io.timonel.spi.runtime.SandboxStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Finds containers of this node's pods for the streaming server, from the pod objects the agent
 * watches and the runtime's latest listing.
 */
public final class AgentPodLocator implements PodLocator {
    static final String DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container";

    private final BiFunction<String, String, Pod> pods;
    private final RuntimeView view;

    /** @param pods the pod of a namespace and name bound to this node, or null */
    public AgentPodLocator(BiFunction<String, String, Pod> pods, RuntimeView view) {
        this.pods = pods;
        this.view = view;
    }

    @Override
    public Optional<String> containerId(String namespace, String pod, String container, boolean previous) {
        Pod p = pods.apply(namespace, pod);
        if (p == null) {
            return Optional.empty();
        }
        String name = container == null || container.isEmpty() ? defaultContainer(p) : container;
        if (name == null) {
            return Optional.empty();
        }
        PodRuntime rt = runtime(p);
        Optional<ContainerStatus> latest = rt.latest(name);
        if (!previous) {
            return latest.map(ContainerStatus::id);
        }
        return latest.flatMap(rt::previous).map(ContainerStatus::id);
    }

    @Override
    public Optional<String> podAddress(String namespace, String pod) {
        Pod p = pods.apply(namespace, pod);
        if (p == null) {
            return Optional.empty();
        }
        if (Boolean.TRUE.equals(p.getSpec().getHostNetwork())) {
            return Optional.of("127.0.0.1");
        }
        Optional<String> ip = runtime(p).readySandbox().map(SandboxStatus::ip).filter(s -> !s.isEmpty());
        if (ip.isPresent()) {
            return ip;
        }
        return Optional.ofNullable(p.getStatus() == null ? null : p.getStatus().getPodIP());
    }

    private PodRuntime runtime(Pod p) {
        RuntimeView.Snapshot s = view.latest();
        if (s == null) {
            s = view.relist();
        }
        PodRuntime rt = s.pod(p.getMetadata().getUid());
        if (rt.isEmpty()) { // maybe just created: look again
            rt = view.relist().pod(p.getMetadata().getUid());
        }
        return rt;
    }

    /** The annotated default container, else the only one, else the first. */
    static String defaultContainer(Pod p) {
        Map<String, String> annotations = p.getMetadata().getAnnotations();
        if (annotations != null && annotations.get(DEFAULT_CONTAINER) != null) {
            return annotations.get(DEFAULT_CONTAINER);
        }
        List<Container> containers = p.getSpec().getContainers();
        return Stream.of(containers).flatMap(List::stream).map(Container::getName).findFirst().orElse(null);
    }
}

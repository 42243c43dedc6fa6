package io.timonel.plugins.nodeagent.node;

import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.ContainerImageBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.NodeSystemInfoBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.timonel.spi.runtime.ImageInfo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Node as a kubelet writes it: labels at registration, and a status (capacity, allocatable,
 * conditions, addresses, node info, daemon endpoints, images) from {@link NodeFacts}. Conditions
 * keep their lastTransitionTime while their status stays the same.
 */
public final class NodeManifest {
    /** The kubelet version this agent reports (the API it speaks, marked as ours). */
    public static final String KUBELET_VERSION = "v1.33.0-timonel";
    /** At most this many images are reported, the largest first, as the kubelet does. */
    static final int MAX_IMAGES = 50;

    private NodeManifest() {
    }

    /** The labels a node carries from its agent. */
    public static Map<String, String> labels(NodeFacts facts) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("beta.kubernetes.io/arch", facts.machine().architecture());
        labels.put("beta.kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", facts.machine().architecture());
        labels.put("kubernetes.io/hostname", facts.nodeName());
        labels.put("kubernetes.io/os", "linux");
        return labels;
    }

    /** A new Node, for registration. */
    public static Node node(NodeFacts facts, Instant now) {
        return new NodeBuilder().withNewMetadata().withName(facts.nodeName()).withLabels(labels(facts))
                .addToAnnotations("node.alpha.kubernetes.io/ttl", "0").endMetadata()
                .withNewSpec().endSpec()
                .withStatus(status(facts, List.of(), now)).build();
    }

    /** The status the node reports now; {@code previous} are the conditions it has. */
    public static NodeStatus status(NodeFacts facts, List<NodeCondition> previous, Instant now) {
        Map<String, Quantity> capacity = new LinkedHashMap<>();
        capacity.put("cpu", new Quantity(Integer.toString(facts.machine().cpus())));
        capacity.put("ephemeral-storage", new Quantity(Long.toString(facts.fsCapacity())));
        capacity.put("hugepages-1Gi", new Quantity("0"));
        capacity.put("hugepages-2Mi", new Quantity("0"));
        capacity.put("memory", kibibytes(facts.machine().memoryBytes()));
        capacity.put("pods", new Quantity(Integer.toString(facts.maxPods())));
        Map<String, Quantity> allocatable = new LinkedHashMap<>(capacity);
        allocatable.put("ephemeral-storage",
                new Quantity(Long.toString(Math.max(0, facts.fsCapacity() - facts.fsReserved()))));
        allocatable.put("memory", kibibytes(Math.max(0, facts.machine().memoryBytes() - facts.memoryReserved())));
        MachineFacts m = facts.machine();
        return new NodeStatusBuilder()
                .withCapacity(capacity)
                .withAllocatable(allocatable)
                .withConditions(conditions(facts, previous, now))
                .withAddresses(new NodeAddressBuilder().withType("InternalIP").withAddress(facts.internalIp()).build(),
                        new NodeAddressBuilder().withType("Hostname").withAddress(m.hostname()).build())
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(facts.kubeletPort())
                .endKubeletEndpoint().endDaemonEndpoints()
                .withNodeInfo(new NodeSystemInfoBuilder().withMachineID(m.machineId()).withSystemUUID(m.systemUuid())
                        .withBootID(m.bootId()).withKernelVersion(m.kernelVersion()).withOsImage(m.osImage())
                        .withContainerRuntimeVersion(facts.runtimeUp() ? facts.runtimeVersion() : "")
                        .withKubeletVersion(KUBELET_VERSION).withKubeProxyVersion("")
                        .withOperatingSystem("linux").withArchitecture(m.architecture()).build())
                .withImages(images(facts.images()))
                .build();
    }

    /** The four conditions the node owns, in the kubelet's order. */
    static List<NodeCondition> conditions(NodeFacts facts, List<NodeCondition> previous, Instant now) {
        List<NodeCondition> out = new ArrayList<>();
        out.add(condition(previous, now, "MemoryPressure", facts.pressure().memory(),
                "KubeletHasInsufficientMemory", "kubelet has insufficient memory available",
                "KubeletHasSufficientMemory", "kubelet has sufficient memory available"));
        out.add(condition(previous, now, "DiskPressure", facts.pressure().disk(),
                "KubeletHasDiskPressure", "kubelet has disk pressure",
                "KubeletHasNoDiskPressure", "kubelet has no disk pressure"));
        out.add(condition(previous, now, "PIDPressure", facts.pressure().pid(),
                "KubeletHasInsufficientPID", "kubelet has insufficient PID available",
                "KubeletHasSufficientPID", "kubelet has sufficient PID available"));
        boolean ready = facts.runtimeUp() && facts.networkProblem() == null;
        out.add(condition(previous, now, "Ready", ready ? "True" : "False",
                ready ? "KubeletReady" : "KubeletNotReady",
                ready ? "kubelet is posting ready status" : !facts.runtimeUp() ? "container runtime is down"
                        : "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady "
                        + "message:" + facts.networkProblem()));
        return out;
    }

    private static NodeCondition condition(List<NodeCondition> previous, Instant now, String type, boolean on,
                                           String onReason, String onMessage, String offReason, String offMessage) {
        return condition(previous, now, type, on ? "True" : "False", on ? onReason : offReason,
                on ? onMessage : offMessage);
    }

    private static NodeCondition condition(List<NodeCondition> previous, Instant now, String type, String status,
                                           String reason, String message) {
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        String transition = previous.stream()
                .filter(p -> type.equals(p.getType()) && status.equals(p.getStatus()) && p.getLastTransitionTime() != null)
                .map(NodeCondition::getLastTransitionTime).findFirst().orElse(time);
        return new NodeConditionBuilder().withType(type).withStatus(status).withLastHeartbeatTime(time)
                .withLastTransitionTime(transition).withReason(reason).withMessage(message).build();
    }

    private static List<ContainerImage> images(List<ImageInfo> images) {
        return images.stream().sorted(Comparator.comparingLong(ImageInfo::sizeBytes).reversed()).limit(MAX_IMAGES)
                .map(i -> new ContainerImageBuilder()
                        .withNames(i.repoTags().isEmpty() ? List.of(i.id()) : i.repoTags())
                        .withSizeBytes(i.sizeBytes()).build())
                .toList();
    }

    private static Quantity kibibytes(long bytes) {
        return new Quantity(Long.toString(bytes / 1024), "Ki");
    }

    /**
     * The status to write over {@code current}: the fields the agent owns from {@code ours}, the
     * rest (and conditions of other types) as they are.
     */
    public static NodeStatus merge(NodeStatus current, NodeStatus ours) {
        NodeStatus out = current == null ? new NodeStatus() : new NodeStatusBuilder(current).build();
        out.setCapacity(ours.getCapacity());
        out.setAllocatable(ours.getAllocatable());
        out.setAddresses(ours.getAddresses());
        out.setDaemonEndpoints(ours.getDaemonEndpoints());
        out.setNodeInfo(ours.getNodeInfo());
        out.setImages(ours.getImages());
        List<NodeCondition> conditions = new ArrayList<>(ours.getConditions());
        if (current != null && current.getConditions() != null) {
            for (NodeCondition c : current.getConditions()) {
                if (ours.getConditions().stream().noneMatch(o -> o.getType().equals(c.getType()))) {
                    conditions.add(c);
                }
            }
        }
        out.setConditions(conditions);
        return out;
    }

    /**
     * Whether two statuses say the same, heartbeat times aside: the node writes when this is
     * false, and otherwise only now and then.
     */
    public static boolean sameApartFromHeartbeats(NodeStatus a, NodeStatus b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Objects.equals(withoutHeartbeats(a), withoutHeartbeats(b));
    }

    private static NodeStatus withoutHeartbeats(NodeStatus s) {
        NodeStatus copy = new NodeStatusBuilder(s).build();
        if (copy.getConditions() != null) {
            copy.setConditions(copy.getConditions().stream()
                    .map(c -> new NodeConditionBuilder(c).withLastHeartbeatTime(null).build()).toList());
        }
        return copy;
    }
}

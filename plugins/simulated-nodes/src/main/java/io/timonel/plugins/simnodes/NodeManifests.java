package io.timonel.plugins.simnodes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.NodeCondition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The objects a simulated node writes, as a kubelet would write them: its Node (labels, capacity,
 * addresses, node info, pod CIDR), its conditions, and its Lease in {@code kube-node-lease}.
 */
final class NodeManifests {
    /** The label every simulated node carries, and how the controller finds its nodes. */
    static final String TYPE_LABEL = "type";
    static final String TYPE_VALUE = "simulated";
    /** Set to {@code "true"} on a Node to stop it: no heartbeats, no status, no pod handling. */
    static final String STOPPED_ANNOTATION = "sim.timonel.io/stopped";
    static final String LEASE_NAMESPACE = "kube-node-lease";
    static final int LEASE_DURATION_SECONDS = 40;
    static final String KUBELET_VERSION = "v1.33.0";
    static final String EPHEMERAL_STORAGE = "100Gi";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private NodeManifests() {
    }

    /** The Node as first registered: metadata, spec and a status that says Ready. */
    static ObjectNode node(String name, int index, SimulationSettings settings, Instant now) {
        ObjectNode node = JSON.objectNode().put("apiVersion", "v1").put("kind", "Node");
        ObjectNode meta = node.putObject("metadata").put("name", name);
        ObjectNode labels = meta.putObject("labels");
        labels.put("beta.kubernetes.io/arch", "amd64").put("beta.kubernetes.io/os", "linux")
                .put("kubernetes.io/arch", "amd64").put("kubernetes.io/hostname", name)
                .put("kubernetes.io/os", "linux").put("node.kubernetes.io/instance-type", "simulated")
                .put(TYPE_LABEL, TYPE_VALUE);
        meta.putObject("annotations").put("node.alpha.kubernetes.io/ttl", "0");
        ObjectNode spec = node.putObject("spec");
        spec.put("podCIDR", NodeNetwork.podCidr(index)).putArray("podCIDRs").add(NodeNetwork.podCidr(index));
        spec.put("providerID", "simulated://" + name);

        ObjectNode status = node.putObject("status");
        ObjectNode capacity = status.putObject("capacity").put("cpu", settings.cpu())
                .put("memory", settings.memory()).put("pods", settings.pods())
                .put("ephemeral-storage", EPHEMERAL_STORAGE);
        status.set("allocatable", capacity.deepCopy());
        status.set("conditions", conditions(List.of(), now));
        ArrayNode addresses = status.putArray("addresses");
        addresses.addObject().put("type", "InternalIP").put("address", NodeNetwork.internalIp(index));
        addresses.addObject().put("type", "Hostname").put("address", name);
        status.putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", 10250);
        String id = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
        status.putObject("nodeInfo").put("machineID", id.replace("-", "")).put("systemUUID", id)
                .put("bootID", id).put("kernelVersion", System.getProperty("os.version", "6.1.0"))
                .put("osImage", "Timonel simulated node").put("containerRuntimeVersion", "simulated://1.0")
                .put("kubeletVersion", KUBELET_VERSION).put("kubeProxyVersion", KUBELET_VERSION)
                .put("operatingSystem", "linux").put("architecture", "amd64");
        return node;
    }

    /**
     * A healthy node's conditions, heartbeat {@code now}. A condition already in that state keeps
     * its lastTransitionTime; one that changes (Ready was Unknown while the node was stopped)
     * transitions now.
     */
    static ArrayNode conditions(List<NodeCondition> previous, Instant now) {
        ArrayNode conditions = JSON.arrayNode();
        condition(conditions, previous, now, "MemoryPressure", "False", "KubeletHasSufficientMemory",
                "kubelet has sufficient memory available");
        condition(conditions, previous, now, "DiskPressure", "False", "KubeletHasNoDiskPressure",
                "kubelet has no disk pressure");
        condition(conditions, previous, now, "PIDPressure", "False", "KubeletHasSufficientPID",
                "kubelet has sufficient PID available");
        condition(conditions, previous, now, "Ready", "True", "KubeletReady", "kubelet is posting ready status");
        return conditions;
    }

    /** Whether {@code previous} already says what {@link #conditions} would say (heartbeats aside). */
    static boolean healthy(List<NodeCondition> previous) {
        return hasStatus(previous, "Ready", "True") && hasStatus(previous, "MemoryPressure", "False")
                && hasStatus(previous, "DiskPressure", "False") && hasStatus(previous, "PIDPressure", "False");
    }

    /** The merge patch for the status subresource that reports {@code conditions}. */
    static ObjectNode statusPatch(ArrayNode conditions) {
        ObjectNode patch = JSON.objectNode();
        patch.putObject("status").set("conditions", conditions);
        return patch;
    }

    /** The node's Lease, owned by the Node (so it goes with it), renewed {@code now}. */
    static ObjectNode lease(String node, String nodeUid, Instant now) {
        ObjectNode lease = JSON.objectNode().put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
        ObjectNode meta = lease.putObject("metadata").put("name", node).put("namespace", LEASE_NAMESPACE);
        if (nodeUid != null) {
            meta.putArray("ownerReferences").addObject().put("apiVersion", "v1").put("kind", "Node")
                    .put("name", node).put("uid", nodeUid);
        }
        lease.putObject("spec").put("holderIdentity", node).put("leaseDurationSeconds", LEASE_DURATION_SECONDS)
                .put("renewTime", Timestamps.microTime(now));
        return lease;
    }

    /**
     * The merge patch that renews a Lease; written as text because it is sent hundreds of times a
     * second (node names are DNS labels, so they need no escaping).
     */
    static String renewPatch(String node, Instant now) {
        return "{\"spec\":{\"holderIdentity\":\"" + node + "\",\"leaseDurationSeconds\":" + LEASE_DURATION_SECONDS
                + ",\"renewTime\":\"" + Timestamps.microTime(now) + "\"}}";
    }

    private static void condition(ArrayNode into, List<NodeCondition> previous, Instant now, String type,
                                  String status, String reason, String message) {
        String transition = Timestamps.time(now);
        for (NodeCondition p : previous) {
            if (type.equals(p.getType()) && status.equals(p.getStatus()) && p.getLastTransitionTime() != null) {
                transition = p.getLastTransitionTime();
            }
        }
        into.addObject().put("type", type).put("status", status).put("lastHeartbeatTime", Timestamps.time(now))
                .put("lastTransitionTime", transition).put("reason", reason).put("message", message);
    }

    private static boolean hasStatus(List<NodeCondition> conditions, String type, String status) {
        return conditions.stream().anyMatch(c -> type.equals(c.getType()) && status.equals(c.getStatus()));
    }
}

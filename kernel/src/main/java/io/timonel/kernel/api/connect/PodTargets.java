package io.timonel.kernel.api.connect;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.kernel.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a pod's streaming request goes, decided from the pod and its node the way kube-apiserver
 * decides it: the container named (or the only one), the node's InternalIP (else Hostname) and the
 * port of its kubelet endpoint. Failures are the API's own Statuses.
 */
final class PodTargets {
    private PodTargets() {
    }

    /** A node agent's address. */
    record AgentAddress(String host, int port) {
    }

    /**
     * The container a request addresses: {@code requested}, which must be one of the pod's
     * containers, init containers or ephemeral containers; when empty, the pod's only container.
     */
    static String container(JsonNode pod, String requested) {
        String podName = pod.path("metadata").path("name").asText();
        List<String> containers = names(pod.path("spec").path("containers"));
        List<String> inits = names(pod.path("spec").path("initContainers"));
        List<String> ephemeral = names(pod.path("spec").path("ephemeralContainers"));
        if (requested == null || requested.isEmpty()) {
            if (containers.size() == 1) {
                return containers.get(0);
            }
            String message = "a container name must be specified for pod " + podName + ", choose one of: "
                    + containers;
            if (!inits.isEmpty()) {
                message += " or one of the init containers: " + inits;
            }
            if (!ephemeral.isEmpty()) {
                message += " or one of the ephemeral containers: " + ephemeral;
            }
            throw ApiException.badRequest(message);
        }
        if (containers.contains(requested) || inits.contains(requested) || ephemeral.contains(requested)) {
            return requested;
        }
        throw ApiException.badRequest("container " + requested + " is not valid for pod " + podName);
    }

    /** The node a pod is bound to; a pod not yet scheduled cannot be streamed from. */
    static String nodeName(JsonNode pod) {
        String node = pod.path("spec").path("nodeName").asText("");
        if (node.isEmpty()) {
            throw ApiException.badRequest("pod " + pod.path("metadata").path("name").asText()
                    + " does not have a host assigned");
        }
        return node;
    }

    /** Exec and attach need a pod that has not finished. */
    static void requireRunning(JsonNode pod, String action) {
        String phase = pod.path("status").path("phase").asText("");
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            throw ApiException.badRequest("cannot " + action + " a container in a completed pod; current phase is "
                    + phase);
        }
    }

    /**
     * The agent's address from a Node's status, or empty when the node reports none or is a
     * simulated node (providerID {@code simulated://…}): those run no agent, and their made-up
     * addresses must never be dialled.
     */
    static Optional<AgentAddress> agent(JsonNode node) {
        if (node.path("spec").path("providerID").asText("").startsWith("simulated://")) {
            return Optional.empty();
        }
        JsonNode status = node.path("status");
        int port = status.path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(0);
        if (port <= 0 || port > 65535) {
            return Optional.empty();
        }
        String host = address(status.path("addresses"), "InternalIP")
                .or(() -> address(status.path("addresses"), "Hostname"))
                .orElse(null);
        return host == null ? Optional.empty() : Optional.of(new AgentAddress(host, port));
    }

    private static Optional<String> address(JsonNode addresses, String type) {
        for (JsonNode a : addresses) {
            if (type.equals(a.path("type").asText()) && !a.path("address").asText("").isEmpty()) {
                return Optional.of(a.path("address").asText());
            }
        }
        return Optional.empty();
    }

    private static List<String> names(JsonNode containers) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : containers) {
            out.add(c.path("name").asText());
        }
        return out;
    }
}

package io.timonel.plugins.scheduler.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;

/**
 * Writes what the scheduler says about a pod in its status: the {@code PodScheduled} condition
 * and {@code nominatedNodeName}, through the status subresource with a strategic merge patch
 * (conditions merge by type, so others' conditions stay).
 */
public final class PodStatusWriter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STRATEGIC = "application/strategic-merge-patch+json";

    private final RestCalls rest;
    private final Clock clock;

    public PodStatusWriter(RestCalls rest, Clock clock) {
        this.rest = rest;
        this.clock = clock;
    }

    /** {@code PodScheduled=False}, reason Unschedulable; nothing is written when the pod already says so. */
    public CompletableFuture<RestCalls.Reply> unschedulable(Pod pod, String message) {
        PodCondition current = pod.getStatus() == null || pod.getStatus().getConditions() == null ? null
                : pod.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst().orElse(null);
        if (current != null && "False".equals(current.getStatus()) && "Unschedulable".equals(current.getReason())
                && message.equals(current.getMessage())) {
            return CompletableFuture.completedFuture(new RestCalls.Reply(200, ""));
        }
        ObjectNode patch = JSON.createObjectNode();
        ArrayNode conditions = patch.putObject("status").putArray("conditions");
        ObjectNode c = conditions.addObject();
        c.put("type", "PodScheduled").put("status", "False").put("reason", "Unschedulable").put("message", message);
        c.putNull("lastProbeTime");
        c.put("lastTransitionTime", current != null && "False".equals(current.getStatus()) && current.getLastTransitionTime() != null
                ? current.getLastTransitionTime() : clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        return patch(pod, patch);
    }

    /** Sets (or, with null, clears) {@code status.nominatedNodeName}. */
    public CompletableFuture<RestCalls.Reply> nominate(Pod pod, String node) {
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode status = patch.putObject("status");
        if (node == null) {
            status.putNull("nominatedNodeName");
        } else {
            status.put("nominatedNodeName", node);
        }
        return patch(pod, patch);
    }

    private CompletableFuture<RestCalls.Reply> patch(Pod pod, ObjectNode patch) {
        return rest.send("PATCH", "/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/"
                + pod.getMetadata().getName() + "/status", STRATEGIC, patch.toString());
    }
}

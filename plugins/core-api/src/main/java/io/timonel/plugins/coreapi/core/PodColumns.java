package io.timonel.plugins.coreapi.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.plugins.coreapi.support.Columns;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.spi.resource.PrinterColumn;
import java.util.ArrayList;
import java.util.List;

/** The columns of {@code kubectl get pods}, computed as Kubernetes' pod printer does. */
public final class PodColumns {

    private PodColumns() {
    }

    public static List<PrinterColumn> all() {
        return List.of(
                Columns.string("READY", "The number of ready containers out of all", PodColumns::ready),
                Columns.string("STATUS", "The aggregate status of the containers in this pod", PodColumns::status),
                Columns.integer("RESTARTS", "The number of times the containers were restarted", PodColumns::restarts),
                Columns.age(),
                Columns.orNone("IP", ".status.podIP", "The IP address assigned to the pod").wide(),
                Columns.orNone("NODE", ".spec.nodeName", "The node the pod is bound to").wide(),
                Columns.orNone("NOMINATED NODE", ".status.nominatedNodeName",
                        "The node the scheduler nominated for the pod").wide(),
                Columns.string("READINESS GATES", "Ready readiness gates out of all",
                        PodColumns::readinessGates).wide());
    }

    static String ready(JsonNode pod) {
        int total = pod.path("spec").path("containers").size();
        int ready = 0;
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
            if (status.path("ready").asBoolean(false)) {
                ready++;
            }
        }
        return ready + "/" + total;
    }

    static long restarts(JsonNode pod) {
        long restarts = 0;
        for (String list : new String[] {"initContainerStatuses", "containerStatuses"}) {
            for (JsonNode status : pod.path("status").path(list)) {
                restarts += status.path("restartCount").asLong(0);
            }
        }
        return restarts;
    }

    /**
     * The phase, or the more telling reason of a waiting or terminated container, init progress
     * ({@code Init:0/2}), and {@code Terminating} once deletion started.
     */
    static String status(JsonNode pod) {
        JsonNode status = pod.path("status");
        String reason = Json.text(status, "reason");
        if (reason == null || reason.isEmpty()) {
            reason = Json.text(status, "phase");
        }
        if (reason == null) {
            reason = "";
        }
        boolean initializing = false;
        JsonNode inits = status.path("initContainerStatuses");
        int initTotal = pod.path("spec").path("initContainers").size();
        for (int i = 0; i < inits.size(); i++) {
            JsonNode state = inits.get(i).path("state");
            JsonNode terminated = state.path("terminated");
            if (terminated.isObject() && terminated.path("exitCode").asInt(0) == 0) {
                continue;
            }
            if (terminated.isObject()) {
                reason = "Init:" + nonEmpty(Json.text(terminated, "reason"),
                        signalOrExit(terminated));
            } else if (state.path("waiting").isObject()
                    && !"PodInitializing".equals(Json.text(state, "waiting", "reason"))
                    && Json.text(state, "waiting", "reason") != null) {
                reason = "Init:" + Json.text(state, "waiting", "reason");
            } else {
                reason = "Init:" + i + "/" + initTotal;
            }
            initializing = true;
            break;
        }
        if (!initializing) {
            boolean hasRunning = false;
            List<JsonNode> containers = new ArrayList<>();
            status.path("containerStatuses").forEach(containers::add);
            for (int i = containers.size() - 1; i >= 0; i--) {
                JsonNode state = containers.get(i).path("state");
                String waiting = Json.text(state, "waiting", "reason");
                JsonNode terminated = state.path("terminated");
                if (waiting != null && !waiting.isEmpty()) {
                    reason = waiting;
                } else if (terminated.isObject()) {
                    reason = nonEmpty(Json.text(terminated, "reason"), signalOrExit(terminated));
                } else if (state.path("running").isObject() && containers.get(i).path("ready").asBoolean(false)) {
                    hasRunning = true;
                }
            }
            if (reason.equals("Completed") && hasRunning) {
                reason = "Running";
            }
        }
        if (pod.path("metadata").has("deletionTimestamp") && !pod.path("metadata").get("deletionTimestamp").isNull()) {
            reason = "NodeLost".equals(Json.text(status, "reason")) ? "Unknown" : "Terminating";
        }
        return reason;
    }

    static String readinessGates(JsonNode pod) {
        JsonNode gates = pod.path("spec").path("readinessGates");
        if (gates.size() == 0) {
            return "<none>";
        }
        int ready = 0;
        for (JsonNode gate : gates) {
            String type = Json.text(gate, "conditionType");
            for (JsonNode condition : pod.path("status").path("conditions")) {
                if (condition.path("type").asText().equals(type) && "True".equals(Json.text(condition, "status"))) {
                    ready++;
                }
            }
        }
        return ready + "/" + gates.size();
    }

    private static String signalOrExit(JsonNode terminated) {
        int signal = terminated.path("signal").asInt(0);
        return signal != 0 ? "Signal:" + signal : "ExitCode:" + terminated.path("exitCode").asInt(0);
    }

    private static String nonEmpty(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}

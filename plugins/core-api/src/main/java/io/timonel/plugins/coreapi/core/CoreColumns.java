package io.timonel.plugins.coreapi.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.plugins.coreapi.support.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.Locale;

/** Table cells of the smaller core/v1 kinds, computed as Kubernetes' printers do. */
public final class CoreColumns {

    private static final Map<String, String> ACCESS_MODES = Map.of("ReadWriteOnce", "RWO", "ReadOnlyMany", "ROX",
            "ReadWriteMany", "RWX", "ReadWriteOncePod", "RWOP");

    private CoreColumns() {
    }

    /**
     * Ready when the Ready condition is True, NotReady when it is anything else (False or Unknown,
     * as kubectl prints it), Unknown without one; plus SchedulingDisabled when cordoned.
     */
    public static String nodeStatus(JsonNode node) {
        String status = "Unknown";
        for (JsonNode condition : node.path("status").path("conditions")) {
            if ("Ready".equals(Json.text(condition, "type"))) {
                String value = Json.text(condition, "status");
                status = "True".equals(value) ? "Ready" : "NotReady";
            }
        }
        return node.path("spec").path("unschedulable").asBoolean(false) ? status + ",SchedulingDisabled" : status;
    }

    /** Roles from {@code node-role.kubernetes.io/ROLE} and {@code kubernetes.io/role} labels. */
    public static String nodeRoles(JsonNode node) {
        TreeSet<String> roles = new TreeSet<>();
        node.path("metadata").path("labels").fields().forEachRemaining(e -> {
            if (e.getKey().startsWith("node-role.kubernetes.io/")) {
                String role = e.getKey().substring("node-role.kubernetes.io/".length());
                if (!role.isEmpty()) {
                    roles.add(role);
                }
            } else if (e.getKey().equals("kubernetes.io/role") && !e.getValue().asText().isEmpty()) {
                roles.add(e.getValue().asText());
            }
        });
        return roles.isEmpty() ? "<none>" : String.join(",", roles);
    }

    /** The first node address of {@code type} (InternalIP, ExternalIP), or {@code <none>}. */
    public static String nodeAddress(JsonNode node, String type) {
        for (JsonNode address : node.path("status").path("addresses")) {
            if (type.equals(Json.text(address, "type"))) {
                return address.path("address").asText();
            }
        }
        return "<none>";
    }

    /** When an event was last seen: lastTimestamp, else eventTime, else firstTimestamp. */
    public static String eventLastSeen(JsonNode event) {
        for (String field : new String[] {"lastTimestamp", "eventTime", "firstTimestamp"}) {
            String value = Json.text(event, field);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return Json.text(event, "metadata", "creationTimestamp");
    }

    /** {@code kind/name} of what an event is about (lowercased kind, as kubectl prints it). */
    public static String eventObject(JsonNode event, String referenceField) {
        JsonNode ref = event.path(referenceField);
        return ref.path("kind").asText("").toLowerCase(Locale.ROOT) + "/" + ref.path("name").asText("");
    }

    /** Up to three {@code ip:port} endpoints and a count of the rest. */
    public static String endpoints(JsonNode endpoints) {
        List<String> all = new ArrayList<>();
        for (JsonNode subset : endpoints.path("subsets")) {
            for (JsonNode address : subset.path("addresses")) {
                String ip = address.path("ip").asText();
                if (subset.path("ports").size() == 0) {
                    all.add(ip);
                }
                for (JsonNode port : subset.path("ports")) {
                    all.add(ip + ":" + port.path("port").asInt());
                }
            }
        }
        if (all.isEmpty()) {
            return "<none>";
        }
        String shown = String.join(",", all.subList(0, Math.min(3, all.size())));
        return all.size() > 3 ? shown + " + " + (all.size() - 3) + " more..." : shown;
    }

    /** Access modes abbreviated (RWO, ROX, RWX, RWOP), comma separated. */
    public static String accessModes(JsonNode modes) {
        List<String> out = new ArrayList<>();
        modes.forEach(mode -> out.add(ACCESS_MODES.getOrDefault(mode.asText(), mode.asText())));
        return String.join(",", out);
    }

    /** {@code namespace/name} of the claim bound to a persistent volume, or empty. */
    public static String claim(JsonNode volume) {
        JsonNode ref = volume.path("spec").path("claimRef");
        return ref.isObject() ? ref.path("namespace").asText() + "/" + ref.path("name").asText() : "";
    }

    /** The number of keys of a ConfigMap or Secret. */
    public static int dataCount(JsonNode object) {
        return object.path("data").size() + object.path("binaryData").size();
    }
}

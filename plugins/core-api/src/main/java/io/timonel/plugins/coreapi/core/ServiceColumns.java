package io.timonel.plugins.coreapi.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.plugins.coreapi.support.Columns;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.spi.resource.PrinterColumn;
import java.util.ArrayList;
import java.util.List;

/** The columns of {@code kubectl get services}. */
public final class ServiceColumns {

    private ServiceColumns() {
    }

    public static List<PrinterColumn> all() {
        return List.of(
                Columns.path("TYPE", "string", ".spec.type", "The type of the service"),
                Columns.orNone("CLUSTER-IP", ".spec.clusterIP", "The IP address of the service"),
                Columns.string("EXTERNAL-IP", "The external IP addresses of the service", ServiceColumns::externalIP),
                Columns.string("PORT(S)", "The ports the service exposes", ServiceColumns::ports),
                Columns.age(),
                Columns.string("SELECTOR", "The selector of the pods behind the service",
                        object -> Columns.formatLabels(object.path("spec").path("selector"))).wide());
    }

    static String externalIP(JsonNode service) {
        JsonNode spec = service.path("spec");
        List<String> external = new ArrayList<>();
        spec.path("externalIPs").forEach(ip -> external.add(ip.asText()));
        switch (spec.path("type").asText("ClusterIP")) {
            case "ExternalName":
                return spec.path("externalName").asText("<none>");
            case "LoadBalancer":
                List<String> addresses = new ArrayList<>();
                for (JsonNode ingress : service.path("status").path("loadBalancer").path("ingress")) {
                    String ip = Json.text(ingress, "ip");
                    String hostname = Json.text(ingress, "hostname");
                    if (ip != null && !ip.isEmpty()) {
                        addresses.add(ip);
                    } else if (hostname != null && !hostname.isEmpty()) {
                        addresses.add(hostname);
                    }
                }
                addresses.addAll(external);
                return addresses.isEmpty() ? "<pending>" : String.join(",", addresses);
            default:
                return external.isEmpty() ? "<none>" : String.join(",", external);
        }
    }

    static String ports(JsonNode service) {
        List<String> ports = new ArrayList<>();
        for (JsonNode port : service.path("spec").path("ports")) {
            int nodePort = port.path("nodePort").asInt(0);
            ports.add(port.path("port").asInt() + (nodePort > 0 ? ":" + nodePort : "")
                    + "/" + port.path("protocol").asText("TCP"));
        }
        return ports.isEmpty() ? "<none>" : String.join(",", ports);
    }
}

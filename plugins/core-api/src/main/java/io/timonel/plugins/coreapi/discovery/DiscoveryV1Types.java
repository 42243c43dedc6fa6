package io.timonel.plugins.coreapi.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.timonel.plugins.coreapi.support.Columns;
import io.timonel.plugins.coreapi.support.FieldPath;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.plugins.coreapi.support.Kinds;
import io.timonel.plugins.coreapi.support.NameRule;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;

/** discovery.k8s.io/v1: EndpointSlices. */
public final class DiscoveryV1Types {

    private static final List<String> ADDRESS_TYPES = List.of("IPv4", "IPv6", "FQDN");

    private DiscoveryV1Types() {
    }

    public static List<ResourceType> all(Kinds kinds) {
        return List.of(kinds.define(V1EndpointSlice.class, "discovery.k8s.io", "v1", "EndpointSlice", "endpointslices")
                .printerColumn(Columns.path("ADDRESSTYPE", "string", ".addressType", "The kind of addresses"))
                .printerColumn(Columns.string("PORTS", "The ports", o -> {
                    List<String> ports = new ArrayList<>();
                    o.path("ports").forEach(p -> ports.add(p.path("port").asText()));
                    return ports.isEmpty() ? "<unset>" : String.join(",", ports);
                }))
                .printerColumn(Columns.string("ENDPOINTS", "The addresses", DiscoveryV1Types::endpoints))
                .printerColumn(Columns.age())
                .validator(Validation.of(NameRule.DNS1123_SUBDOMAIN, (slice, old, out) -> {
                    String type = Json.text(slice, "addressType");
                    if (type == null) {
                        out.add(FieldViolation.required("addressType"));
                    } else {
                        Validation.oneOf(type, ADDRESS_TYPES, FieldPath.of("addressType"), out);
                    }
                    JsonNode endpoints = slice.path("endpoints");
                    for (int i = 0; i < endpoints.size(); i++) {
                        if (endpoints.get(i).path("addresses").size() == 0) {
                            out.add(FieldViolation.required("endpoints[" + i + "].addresses"));
                        }
                    }
                    if (old != null) {
                        Validation.immutable(slice.get("addressType"), old.get("addressType"),
                                FieldPath.of("addressType"), out);
                    }
                }))
                .build());
    }

    private static String endpoints(JsonNode slice) {
        List<String> all = new ArrayList<>();
        slice.path("endpoints").forEach(e -> e.path("addresses").forEach(a -> all.add(a.asText())));
        if (all.isEmpty()) {
            return "<unset>";
        }
        String shown = String.join(",", all.subList(0, Math.min(3, all.size())));
        return all.size() > 3 ? shown + " + " + (all.size() - 3) + " more..." : shown;
    }
}

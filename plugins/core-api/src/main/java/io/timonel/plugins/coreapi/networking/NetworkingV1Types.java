package io.timonel.plugins.coreapi.networking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1IngressClass;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.timonel.plugins.coreapi.support.Columns;
import io.timonel.plugins.coreapi.support.FieldPath;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.plugins.coreapi.support.Kinds;
import io.timonel.plugins.coreapi.support.LabelSelectors;
import io.timonel.plugins.coreapi.support.NameRule;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;

/** networking.k8s.io/v1: Ingresses, IngressClasses and NetworkPolicies. */
public final class NetworkingV1Types {

    private static final String GROUP = "networking.k8s.io";
    private static final List<String> PATH_TYPES = List.of("Exact", "Prefix", "ImplementationSpecific");
    private static final List<String> POLICY_TYPES = List.of("Ingress", "Egress");

    private NetworkingV1Types() {
    }

    public static List<ResourceType> all(Kinds kinds) {
        return List.of(
                kinds.define(V1Ingress.class, GROUP, "v1", "Ingress", "ingresses")
                        .shortNames("ing").statusSubresource()
                        .printerColumn(Columns.orNone("CLASS", ".spec.ingressClassName", "The ingress class"))
                        .printerColumn(Columns.string("HOSTS", "The hosts served", NetworkingV1Types::hosts))
                        .printerColumn(Columns.string("ADDRESS", "Where the ingress is reachable",
                                NetworkingV1Types::address))
                        .printerColumn(Columns.string("PORTS", "The ports served",
                                o -> o.path("spec").path("tls").size() > 0 ? "80, 443" : "80"))
                        .printerColumn(Columns.age())
                        .validator(Validation.of(NameRule.DNS1123_SUBDOMAIN, NetworkingV1Types::checkIngress))
                        .build(),
                kinds.define(V1IngressClass.class, GROUP, "v1", "IngressClass", "ingressclasses")
                        .clusterScoped()
                        .printerColumn(Columns.path("CONTROLLER", "string", ".spec.controller",
                                "The controller implementing the class"))
                        .printerColumn(Columns.string("PARAMETERS", "The parameters resource", o -> {
                            JsonNode p = o.path("spec").path("parameters");
                            return p.isObject() ? p.path("kind").asText() + "/" + p.path("name").asText() : "<none>";
                        }))
                        .printerColumn(Columns.age())
                        .validator(Validation.of(NameRule.DNS1123_SUBDOMAIN, (ic, old, out) -> {
                            if (old != null) {
                                Validation.immutable(ic.path("spec").get("controller"),
                                        old.path("spec").get("controller"), FieldPath.of("spec.controller"), out);
                            }
                        }))
                        .build(),
                kinds.define(V1NetworkPolicy.class, GROUP, "v1", "NetworkPolicy", "networkpolicies")
                        .shortNames("netpol")
                        .printerColumn(Columns.string("POD-SELECTOR", "The pods the policy applies to", o -> {
                            String s = LabelSelectors.format(o.path("spec").get("podSelector"));
                            return s == null ? "<none>" : s;
                        }))
                        .printerColumn(Columns.age())
                        .defaulter(policy -> {
                            ObjectNode spec = Json.object(policy, "spec");
                            Json.object(spec, "podSelector");
                            if (spec.path("policyTypes").size() == 0) {
                                ArrayNode types = spec.putArray("policyTypes").add("Ingress");
                                if (spec.has("egress") && !spec.get("egress").isNull()) {
                                    types.add("Egress");
                                }
                            }
                        })
                        .validator(Validation.of(NameRule.DNS1123_SUBDOMAIN, (policy, old, out) -> {
                            JsonNode spec = policy.path("spec");
                            LabelSelectors.validate(spec.get("podSelector"), FieldPath.of("spec.podSelector"), out);
                            JsonNode types = spec.path("policyTypes");
                            for (int i = 0; i < types.size(); i++) {
                                Validation.oneOf(types.get(i).asText(), POLICY_TYPES,
                                        FieldPath.of("spec.policyTypes").index(i), out);
                            }
                            NetworkPolicyPeers.validate(spec, out);
                        }))
                        .build());
    }

    private static void checkIngress(JsonNode ingress, JsonNode old, List<FieldViolation> out) {
        JsonNode spec = ingress.path("spec");
        JsonNode rules = spec.path("rules");
        if (rules.size() == 0 && spec.get("defaultBackend") == null) {
            out.add(new FieldViolation(FieldViolation.Type.INVALID, "spec",
                    "Invalid value: \"\": either `defaultBackend` or `rules` must be specified"));
        }
        for (int r = 0; r < rules.size(); r++) {
            JsonNode paths = rules.get(r).path("http").path("paths");
            FieldPath at = FieldPath.of("spec.rules").index(r).child("http").child("paths");
            for (int p = 0; p < paths.size(); p++) {
                JsonNode path = paths.get(p);
                FieldPath here = at.index(p);
                String type = Json.text(path, "pathType");
                if (type == null) {
                    out.add(new FieldViolation(FieldViolation.Type.REQUIRED, here.child("pathType").path(),
                            "Required value: pathType must be specified"));
                } else {
                    Validation.oneOf(type, PATH_TYPES, here.child("pathType"), out);
                }
                String value = Json.text(path, "path");
                if (("Exact".equals(type) || "Prefix".equals(type)) && (value == null || !value.startsWith("/"))) {
                    out.add(FieldViolation.invalid(here.child("path").path(), value == null ? "" : value,
                            "must be an absolute path"));
                }
                JsonNode backend = path.path("backend");
                if (!backend.has("service") && !backend.has("resource")) {
                    out.add(new FieldViolation(FieldViolation.Type.INVALID, here.child("backend").path(),
                            "Invalid value: \"\": must specify a service or a resource"));
                }
            }
        }
    }

    private static String hosts(JsonNode ingress) {
        List<String> hosts = new ArrayList<>();
        for (JsonNode rule : ingress.path("spec").path("rules")) {
            String host = Json.text(rule, "host");
            if (host != null && !host.isEmpty()) {
                hosts.add(host);
            }
        }
        if (hosts.isEmpty()) {
            return "*";
        }
        String shown = String.join(",", hosts.subList(0, Math.min(4, hosts.size())));
        return hosts.size() > 4 ? shown + " + " + (hosts.size() - 4) + " more..." : shown;
    }

    private static String address(JsonNode ingress) {
        List<String> addresses = new ArrayList<>();
        for (JsonNode entry : ingress.path("status").path("loadBalancer").path("ingress")) {
            String ip = Json.text(entry, "ip");
            addresses.add(ip != null && !ip.isEmpty() ? ip : entry.path("hostname").asText());
        }
        return String.join(",", addresses);
    }
}

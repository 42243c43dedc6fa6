package io.timonel.plugins.coreapi.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.plugins.coreapi.support.FieldPath;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.plugins.coreapi.support.NameRule;
import io.timonel.plugins.coreapi.support.NameRules;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ObjectValidator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Validation of a Service: type, ports, node ports, ExternalName, and the immutable cluster IP. */
public final class ServiceValidation {

    private static final List<String> TYPES = List.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName");
    private static final List<String> AFFINITIES = List.of("ClientIP", "None");
    private static final List<String> PROTOCOLS = List.of("TCP", "UDP", "SCTP");

    private ServiceValidation() {
    }

    public static ObjectValidator validator() {
        return Validation.of(NameRule.DNS1035_LABEL, (service, old, out) -> {
            JsonNode spec = service.path("spec");
            FieldPath at = FieldPath.of("spec");
            String type = Json.text(spec, "type");
            Validation.oneOf(type, TYPES, at.child("type"), out);
            Validation.oneOf(Json.text(spec, "sessionAffinity"), AFFINITIES, at.child("sessionAffinity"), out);
            String clusterIP = Json.text(spec, "clusterIP");
            boolean headless = "None".equals(clusterIP);
            boolean externalName = "ExternalName".equals(type);
            if (externalName) {
                String name = Json.text(spec, "externalName");
                if (name == null || name.isEmpty()) {
                    out.add(FieldViolation.required(at.child("externalName").path()));
                } else {
                    Validation.report(NameRules.dns1123Subdomain(name.endsWith(".")
                            ? name.substring(0, name.length() - 1) : name), name, at.child("externalName"), out);
                }
            }
            JsonNode ports = spec.path("ports");
            if (ports.size() == 0 && !headless && !externalName) {
                out.add(FieldViolation.required(at.child("ports").path()));
            }
            ports(ports, type, at.child("ports"), out);
            if (old != null) {
                String oldIP = Json.text(old, "spec", "clusterIP");
                if (oldIP != null && !oldIP.isEmpty() && clusterIP != null && !clusterIP.isEmpty()
                        && !oldIP.equals(clusterIP) && !externalName) {
                    out.add(FieldViolation.invalid("spec.clusterIP", clusterIP, "field is immutable"));
                }
            }
        });
    }

    private static void ports(JsonNode ports, String type, FieldPath at, List<FieldViolation> out) {
        Set<String> names = new HashSet<>();
        Set<String> portProtocols = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            JsonNode port = ports.get(i);
            FieldPath p = at.index(i);
            String name = Json.text(port, "name");
            if (name == null || name.isEmpty()) {
                if (ports.size() > 1) {
                    out.add(FieldViolation.required(p.child("name").path()));
                }
            } else {
                Validation.report(NameRules.dns1123Label(name), name, p.child("name"), out);
                if (!names.add(name)) {
                    out.add(FieldViolation.duplicate(p.child("name").path(), name));
                }
            }
            JsonNode number = port.get("port");
            if (number == null || number.isNull()) {
                out.add(FieldViolation.required(p.child("port").path()));
            } else if (!PodSpecValidation.validPort(number)) {
                out.add(FieldViolation.invalid(p.child("port").path(), number.asLong(),
                        "must be between 1 and 65535, inclusive"));
            }
            String protocol = Json.text(port, "protocol");
            Validation.oneOf(protocol, PROTOCOLS, p.child("protocol"), out);
            if (number != null && number.isIntegralNumber()
                    && !portProtocols.add(number.asInt() + "/" + protocol)) {
                out.add(FieldViolation.duplicate(p.path(), "{" + number.asInt() + " " + protocol + "}"));
            }
            JsonNode target = port.get("targetPort");
            if (target != null && target.isIntegralNumber() && !PodSpecValidation.validPort(target)) {
                out.add(FieldViolation.invalid(p.child("targetPort").path(), target.asLong(),
                        "must be between 1 and 65535, inclusive"));
            } else if (target != null && target.isTextual()) {
                Validation.report(NameRules.ianaServiceName(target.asText()), target.asText(),
                        p.child("targetPort"), out);
            }
            JsonNode nodePort = port.get("nodePort");
            if (nodePort != null && nodePort.isIntegralNumber() && nodePort.asInt() != 0) {
                // the range is the allocator's (core.allocation.ServiceAllocator), which knows the configured one
                if ("ClusterIP".equals(type) || "ExternalName".equals(type)) {
                    out.add(FieldViolation.forbidden(p.child("nodePort").path(),
                            "may not be used when `type` is '" + type + "'"));
                } else if (nodePort.asInt() < 1 || nodePort.asInt() > 65535) {
                    out.add(FieldViolation.invalid(p.child("nodePort").path(), nodePort.asInt(),
                            "must be between 1 and 65535, inclusive"));
                }
            }
        }
    }
}

package io.timonel.plugins.coreapi.networking;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.plugins.coreapi.support.FieldPath;
import io.timonel.plugins.coreapi.support.LabelSelectors;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.FieldViolation;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validation of a NetworkPolicy's rules as Kubernetes does it: peers (selectors, an ipBlock
 * whose cidr and except are CIDRs), ports (protocol TCP, UDP or SCTP; a number 1-65535 or a
 * name; endPort only after a numeric port and not below it).
 */
final class NetworkPolicyPeers {
    private static final List<String> PROTOCOLS = List.of("TCP", "UDP", "SCTP");
    private static final Pattern IPV4_CIDR = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)/(3[0-2]|[12]?\\d)");
    private static final Pattern IPV6_CIDR = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*/(12[0-8]|1[01]\\d|[1-9]?\\d)");

    private NetworkPolicyPeers() {
    }

    /** Checks {@code spec.ingress} ({@code from}) and {@code spec.egress} ({@code to}). */
    static void validate(JsonNode spec, List<FieldViolation> out) {
        rules(spec.path("ingress"), "from", FieldPath.of("spec.ingress"), out);
        rules(spec.path("egress"), "to", FieldPath.of("spec.egress"), out);
    }

    private static void rules(JsonNode rules, String peersField, FieldPath at, List<FieldViolation> out) {
        for (int i = 0; i < rules.size(); i++) {
            JsonNode rule = rules.get(i);
            FieldPath r = at.index(i);
            JsonNode peers = rule.path(peersField);
            for (int j = 0; j < peers.size(); j++) {
                peer(peers.get(j), r.child(peersField).index(j), out);
            }
            JsonNode ports = rule.path("ports");
            for (int j = 0; j < ports.size(); j++) {
                port(ports.get(j), r.child("ports").index(j), out);
            }
        }
    }

    private static void peer(JsonNode peer, FieldPath at, List<FieldViolation> out) {
        LabelSelectors.validate(peer.get("podSelector"), at.child("podSelector"), out);
        LabelSelectors.validate(peer.get("namespaceSelector"), at.child("namespaceSelector"), out);
        JsonNode block = peer.get("ipBlock");
        if (block == null || block.isNull()) {
            return;
        }
        if (peer.has("podSelector") || peer.has("namespaceSelector")) {
            out.add(FieldViolation.forbidden(at.path(), "may not specify more than 1 peer type"));
        }
        String cidr = block.path("cidr").asText("");
        if (cidr.isEmpty()) {
            out.add(FieldViolation.required(at.child("ipBlock").child("cidr").path()));
        } else if (!isCidr(cidr)) {
            out.add(FieldViolation.invalid(at.child("ipBlock").child("cidr").path(), cidr, "must be a valid CIDR"));
        }
        JsonNode except = block.path("except");
        for (int k = 0; k < except.size(); k++) {
            String e = except.get(k).asText("");
            if (!isCidr(e)) {
                out.add(FieldViolation.invalid(at.child("ipBlock").child("except").index(k).path(), e,
                        "must be a valid CIDR"));
            }
        }
    }

    private static void port(JsonNode port, FieldPath at, List<FieldViolation> out) {
        if (port.hasNonNull("protocol")) {
            Validation.oneOf(port.get("protocol").asText(), PROTOCOLS, at.child("protocol"), out);
        }
        JsonNode number = port.get("port");
        if (number != null && number.isInt()
                && (number.asInt() < 1 || number.asInt() > 65535)) {
            out.add(FieldViolation.invalid(at.child("port").path(), number.asInt(),
                    "must be between 1 and 65535, inclusive"));
        }
        JsonNode end = port.get("endPort");
        if (end != null && !end.isNull()) {
            if (number == null || !number.isInt()) {
                out.add(FieldViolation.forbidden(at.child("endPort").path(), "may not be specified when `port` is "
                        + "non-numeric"));
            } else if (end.asInt() < number.asInt()) {
                out.add(FieldViolation.invalid(at.child("endPort").path(), end.asInt(),
                        "must be greater than or equal to `port`"));
            }
        }
    }

    static boolean isCidr(String value) {
        return IPV4_CIDR.matcher(value).matches() || IPV6_CIDR.matcher(value).matches();
    }
}

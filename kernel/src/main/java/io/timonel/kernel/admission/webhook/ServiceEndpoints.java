package io.timonel.kernel.admission.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.admission.ObjectReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns a webhook's {@code service} reference into an address to connect to: the Service's port,
 * then a ready endpoint from its Endpoints or EndpointSlices (an ExternalName Service gives its
 * external name). The control plane has no service proxy, so it dials an endpoint directly, and
 * still expects the certificate to name {@code <service>.<namespace>.svc}.
 */
final class ServiceEndpoints {
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    /** Where to connect, or why there is nowhere. */
    sealed interface Target {
        record Found(URI uri, String serverName) implements Target {
        }

        record Missing(String why) implements Target {
        }
    }

    private ServiceEndpoints() {
    }

    static Target resolve(Webhook.ClientConfig config, ObjectReader objects) {
        String ns = config.serviceNamespace();
        String name = config.serviceName();
        Optional<JsonNode> service = objects.get("", "services", ns, name);
        if (service.isEmpty()) {
            return new Target.Missing("service \"" + name + "\" not found");
        }
        JsonNode spec = service.get().path("spec");
        if ("ExternalName".equals(spec.path("type").asText())) {
            return found(spec.path("externalName").asText(), config.servicePort(), config);
        }
        JsonNode port = null;
        for (JsonNode p : spec.path("ports")) {
            if (p.path("port").asInt() == config.servicePort()) {
                port = p;
            }
        }
        if (port == null) {
            return new Target.Missing("no service port " + config.servicePort() + " found for service \"" + name + "\"");
        }
        String portName = port.path("name").asText("");
        List<String[]> candidates = new ArrayList<>();
        fromEndpoints(objects.get("", "endpoints", ns, name), portName, candidates);
        if (candidates.isEmpty()) {
            fromSlices(objects.list("discovery.k8s.io", "endpointslices", ns), name, portName, candidates);
        }
        if (candidates.isEmpty()) {
            return new Target.Missing("no endpoints available for service \"" + name + "\"");
        }
        String[] pick = candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
        return found(pick[0], Integer.parseInt(pick[1]), config);
    }

    private static Target found(String host, int port, Webhook.ClientConfig config) {
        String literal = host.contains(":") ? "[" + host + "]" : host;
        return new Target.Found(URI.create("https://" + literal + ":" + port + config.servicePath()),
                config.serviceHost());
    }

    private static void fromEndpoints(Optional<JsonNode> endpoints, String portName, List<String[]> out) {
        if (endpoints.isEmpty()) {
            return;
        }
        for (JsonNode subset : endpoints.get().path("subsets")) {
            String port = portNumber(subset.path("ports"), portName);
            if (port == null) {
                continue;
            }
            for (JsonNode address : subset.path("addresses")) {
                out.add(new String[] {address.path("ip").asText(), port});
            }
        }
    }

    private static void fromSlices(List<JsonNode> slices, String service, String portName, List<String[]> out) {
        for (JsonNode slice : slices) {
            if (!service.equals(slice.path("metadata").path("labels").path(SERVICE_NAME_LABEL).asText())) {
                continue;
            }
            String port = portNumber(slice.path("ports"), portName);
            if (port == null) {
                continue;
            }
            for (JsonNode endpoint : slice.path("endpoints")) {
                if (!endpoint.path("conditions").path("ready").asBoolean(true)) {
                    continue;
                }
                for (JsonNode address : endpoint.path("addresses")) {
                    out.add(new String[] {address.asText(), port});
                }
            }
        }
    }

    private static String portNumber(JsonNode ports, String name) {
        for (JsonNode p : ports) {
            if (p.path("name").asText("").equals(name) && p.path("port").canConvertToInt()) {
                return String.valueOf(p.path("port").asInt());
            }
        }
        return null;
    }
}

package io.timonel.kernel.admission.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.spi.admission.AdmissionRequest;
import io.timonel.spi.admission.ObjectReader;
import io.timonel.spi.admission.Operation;
import io.timonel.spi.auth.UserInfo;
import io.timonel.spi.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Requests, configurations and an in-memory object reader for webhook tests. */
final class WebhookFixtures {
    static final ResourceType CONFIGMAPS = ResourceType.builder("", "v1", "ConfigMap", "configmaps").build();
    static final ResourceType NAMESPACES = ResourceType.builder("", "v1", "Namespace", "namespaces")
            .clusterScoped().build();
    static final ResourceType NODES = ResourceType.builder("", "v1", "Node", "nodes").clusterScoped().build();
    static final ResourceType DEPLOYMENTS = ResourceType.builder("apps", "v1", "Deployment", "deployments").build();
    static final UserInfo ADMIN = new UserInfo("admin", "", Set.of("system:masters", "system:authenticated"));

    private WebhookFixtures() {
    }

    /** Objects kept in memory under {@code group/resource/namespace/name}. */
    static final class Objects implements ObjectReader {
        private final Map<String, JsonNode> byKey = new ConcurrentHashMap<>();

        Objects put(String group, String resource, String namespace, JsonNode object) {
            byKey.put(group + "/" + resource + "/" + namespace + "/" + object.path("metadata").path("name").asText(),
                    object);
            return this;
        }

        @Override
        public Optional<JsonNode> get(String group, String resource, String namespace, String name) {
            return Optional.ofNullable(byKey.get(group + "/" + resource + "/" + namespace + "/" + name));
        }

        @Override
        public List<JsonNode> list(String group, String resource, String namespace) {
            String prefix = group + "/" + resource + "/" + (namespace.isEmpty() ? "" : namespace + "/");
            List<JsonNode> out = new ArrayList<>();
            byKey.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    out.add(v);
                }
            });
            return out;
        }

        Objects namespace(String name, String... labels) {
            return put("", "namespaces", "", object("Namespace", name, labels));
        }

        Objects validating(ObjectNode configuration) {
            return put(WebhookConfigurations.GROUP, WebhookConfigurations.VALIDATING, "", configuration);
        }

        Objects mutating(ObjectNode configuration) {
            return put(WebhookConfigurations.GROUP, WebhookConfigurations.MUTATING, "", configuration);
        }
    }

    static ObjectNode object(String kind, String name, String... labels) {
        ObjectNode o = WebhookServer.MAPPER.createObjectNode();
        o.put("apiVersion", "v1").put("kind", kind);
        ObjectNode meta = o.putObject("metadata").put("name", name);
        for (int i = 0; i + 1 < labels.length; i += 2) {
            meta.with("labels").put(labels[i], labels[i + 1]);
        }
        return o;
    }

    static ObjectNode configMap(String name, String... labels) {
        ObjectNode cm = object("ConfigMap", name, labels);
        ((ObjectNode) cm.get("metadata")).put("namespace", "default");
        cm.putObject("data").put("k", "v");
        return cm;
    }

    static AdmissionRequest create(ResourceType type, String namespace, ObjectNode object, ObjectReader objects) {
        return new AdmissionRequest(Operation.CREATE, type, "", namespace, object.path("metadata").path("name").asText(),
                object, null, ADMIN, false, objects);
    }

    static AdmissionRequest dryRunCreate(ObjectNode object, ObjectReader objects) {
        return new AdmissionRequest(Operation.CREATE, CONFIGMAPS, "", "default",
                object.path("metadata").path("name").asText(), object, null, ADMIN, true, objects);
    }

    /** A webhook calling {@code url}, trusting {@code caBundle}, for every configmap write. */
    static ObjectNode hook(String name, String url, String caBundle) {
        ObjectNode h = WebhookServer.MAPPER.createObjectNode();
        h.put("name", name);
        h.putObject("clientConfig").put("url", url).put("caBundle", caBundle);
        ObjectNode rule = h.putArray("rules").addObject();
        rule.putArray("operations").add("CREATE").add("UPDATE");
        rule.putArray("apiGroups").add("");
        rule.putArray("apiVersions").add("v1");
        rule.putArray("resources").add("configmaps");
        h.put("sideEffects", "None");
        h.put("failurePolicy", "Fail");
        h.put("timeoutSeconds", 2);
        h.putArray("admissionReviewVersions").add("v1");
        return h;
    }

    static ObjectNode configuration(String kind, String name, ObjectNode... hooks) {
        ObjectNode c = WebhookServer.MAPPER.createObjectNode();
        c.put("apiVersion", "admissionregistration.k8s.io/v1").put("kind", kind);
        c.putObject("metadata").put("name", name).put("uid", java.util.UUID.randomUUID().toString()).put("resourceVersion", "1");
        for (ObjectNode h : hooks) {
            c.withArray("webhooks").add(h);
        }
        return c;
    }

    static ObjectNode validating(String name, ObjectNode... hooks) {
        return configuration("ValidatingWebhookConfiguration", name, hooks);
    }

    static ObjectNode mutating(String name, ObjectNode... hooks) {
        return configuration("MutatingWebhookConfiguration", name, hooks);
    }
}

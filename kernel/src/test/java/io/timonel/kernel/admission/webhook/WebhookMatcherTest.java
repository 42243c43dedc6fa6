package io.timonel.kernel.admission.webhook;

import static io.timonel.kernel.admission.webhook.WebhookFixtures.configMap;
import static io.timonel.kernel.admission.webhook.WebhookFixtures.create;
import static io.timonel.kernel.admission.webhook.WebhookFixtures.hook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.spi.admission.AdmissionRequest;
import io.timonel.spi.admission.Operation;
import io.timonel.spi.resource.ResourceType;
import org.junit.jupiter.api.Test;

class WebhookMatcherTest {
    private final WebhookFixtures.Objects objects = new WebhookFixtures.Objects()
            .namespace("default", "env", "prod")
            .namespace("dev", "env", "dev");

    private static Webhook parse(ObjectNode hook) {
        return Webhook.from("cfg", hook);
    }

    private static ObjectNode withNamespaceSelector(String key, String value) {
        ObjectNode h = hook("ns.example.com", "https://127.0.0.1:1/", "");
        h.putObject("namespaceSelector").putObject("matchLabels").put(key, value);
        return h;
    }

    private AdmissionRequest createIn(String namespace, ObjectNode object) {
        ((ObjectNode) object.get("metadata")).put("namespace", namespace);
        return create(WebhookFixtures.CONFIGMAPS, namespace, object, objects);
    }

    @Test
    void namespaceSelectorMatchesTheNamespacesLabels() {
        Webhook h = parse(withNamespaceSelector("env", "prod"));
        assertInstanceOf(WebhookMatcher.Decision.Call.class, WebhookMatcher.decide(h, createIn("default", configMap("a"))));
        assertInstanceOf(WebhookMatcher.Decision.Skip.class, WebhookMatcher.decide(h, createIn("dev", configMap("a"))));
    }

    @Test
    void namespaceSelectorExpressionsNotInAndDoesNotExist() {
        ObjectNode notIn = hook("x.example.com", "https://127.0.0.1:1/", "");
        ObjectNode expression = notIn.putObject("namespaceSelector").putArray("matchExpressions").addObject();
        expression.put("key", "env").put("operator", "NotIn").putArray("values").add("prod");
        Webhook h = parse(notIn);
        assertInstanceOf(WebhookMatcher.Decision.Skip.class, WebhookMatcher.decide(h, createIn("default", configMap("a"))));
        assertInstanceOf(WebhookMatcher.Decision.Call.class, WebhookMatcher.decide(h, createIn("dev", configMap("a"))));

        ObjectNode absent = hook("y.example.com", "https://127.0.0.1:1/", "");
        absent.putObject("namespaceSelector").putArray("matchExpressions").addObject()
                .put("key", "env").put("operator", "DoesNotExist");
        assertInstanceOf(WebhookMatcher.Decision.Skip.class,
                WebhookMatcher.decide(parse(absent), createIn("dev", configMap("a"))));
    }

    @Test
    void namespaceObjectIsJudgedByItsOwnLabels() {
        ObjectNode h = withNamespaceSelector("team", "a");
        ((ObjectNode) h.withArray("rules").get(0)).withArray("resources").add("namespaces");
        ObjectNode ns = WebhookFixtures.object("Namespace", "fresh", "team", "a");
        AdmissionRequest request = create(WebhookFixtures.NAMESPACES, "", ns, objects);
        assertInstanceOf(WebhookMatcher.Decision.Call.class, WebhookMatcher.decide(parse(h), request));
    }

    @Test
    void clusterScopedObjectsAreNeverExemptedByNamespaceSelector() {
        ObjectNode h = withNamespaceSelector("env", "nowhere");
        ((ObjectNode) h.withArray("rules").get(0)).withArray("resources").add("nodes");
        AdmissionRequest request = create(WebhookFixtures.NODES, "", WebhookFixtures.object("Node", "n1"), objects);
        assertInstanceOf(WebhookMatcher.Decision.Call.class, WebhookMatcher.decide(parse(h), request));
    }

    @Test
    void missingNamespaceRefusesWithNotFound() {
        Webhook h = parse(withNamespaceSelector("env", "prod"));
        WebhookMatcher.Decision d = WebhookMatcher.decide(h, createIn("ghost", configMap("a")));
        assertEquals(404, assertInstanceOf(WebhookMatcher.Decision.Refuse.class, d).denial().code());
    }

    @Test
    void objectSelectorMatchesOldOrNewObject() {
        ObjectNode h = hook("obj.example.com", "https://127.0.0.1:1/", "");
        h.putObject("objectSelector").putObject("matchLabels").put("watched", "yes");
        Webhook hook = parse(h);
        assertInstanceOf(WebhookMatcher.Decision.Call.class,
                WebhookMatcher.decide(hook, createIn("default", configMap("a", "watched", "yes"))));
        assertInstanceOf(WebhookMatcher.Decision.Skip.class,
                WebhookMatcher.decide(hook, createIn("default", configMap("a", "watched", "no"))));
        AdmissionRequest update = new AdmissionRequest(Operation.UPDATE, WebhookFixtures.CONFIGMAPS, "", "default", "a",
                configMap("a"), configMap("a", "watched", "yes"), WebhookFixtures.ADMIN, false, objects);
        assertInstanceOf(WebhookMatcher.Decision.Call.class, WebhookMatcher.decide(hook, update));
    }

    @Test
    void webhookConfigurationsNeverReachWebhooks() {
        ObjectNode h = hook("all.example.com", "https://127.0.0.1:1/", "");
        ObjectNode rule = (ObjectNode) h.withArray("rules").get(0);
        rule.putArray("apiGroups").add("*");
        rule.putArray("apiVersions").add("*");
        rule.putArray("resources").add("*");
        ResourceType type = ResourceType.builder(WebhookConfigurations.GROUP, "v1", "ValidatingWebhookConfiguration",
                WebhookConfigurations.VALIDATING).clusterScoped().build();
        AdmissionRequest request = create(type, "", WebhookFixtures.validating("v"), objects);
        assertInstanceOf(WebhookMatcher.Decision.Skip.class, WebhookMatcher.decide(parse(h), request));
    }

    @Test
    void webhookDefaultsFollowKubernetes() {
        ObjectNode h = WebhookServer.MAPPER.createObjectNode().put("name", "d.example.com");
        h.putObject("clientConfig").putObject("service").put("namespace", "ns").put("name", "svc");
        h.put("timeoutSeconds", 99);
        Webhook hook = parse(h);
        assertEquals(true, hook.failClosed());
        assertEquals(false, hook.exactMatch());
        assertEquals(30, hook.timeout().toSeconds());
        assertEquals(false, hook.sideEffectFree());
        assertEquals("https://svc.ns.svc:443/", hook.client().displayUrl());
        assertEquals(10, Webhook.from("cfg", WebhookServer.MAPPER.createObjectNode()).timeout().toSeconds());
    }
}

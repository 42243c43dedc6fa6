package io.timonel.kernel.admission.webhook;

import static io.timonel.kernel.admission.webhook.WebhookFixtures.configMap;
import static io.timonel.kernel.admission.webhook.WebhookFixtures.create;
import static io.timonel.kernel.admission.webhook.WebhookFixtures.validating;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.security.ClusterPki;
import io.timonel.spi.admission.AdmissionResult;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Webhooks named by a Service are reached on its endpoints and must present the service's DNS name. */
class ServiceWebhookTest {
    private static ClusterPki servicePki;
    private static ClusterPki plainPki;
    private static ExecutorService io;
    private static ValidatingAdmissionWebhook plugin;

    @BeforeAll
    static void setUp() throws Exception {
        servicePki = WebhookServer.pki("hook.webhooks.svc");
        plainPki = WebhookServer.pki();
        io = Executors.newCachedThreadPool();
        plugin = new ValidatingAdmissionWebhook(new WebhookCaller(io));
    }

    @AfterAll
    static void tearDown() {
        io.shutdownNow();
    }

    private static ObjectNode serviceHook(String caBundle) {
        ObjectNode h = WebhookFixtures.hook("svc.example.com", "unused", caBundle);
        ObjectNode client = h.putObject("clientConfig").put("caBundle", caBundle);
        client.putObject("service").put("namespace", "webhooks").put("name", "hook").put("path", "/validate");
        return h;
    }

    private static WebhookFixtures.Objects cluster(ObjectNode hook, int endpointPort, boolean slices) {
        ObjectNode service = WebhookFixtures.object("Service", "hook");
        service.putObject("spec").putArray("ports").addObject().put("name", "https").put("port", 443)
                .put("targetPort", endpointPort);
        WebhookFixtures.Objects objects = new WebhookFixtures.Objects().namespace("default")
                .put("", "services", "webhooks", service)
                .validating(validating("svc", hook));
        if (slices) {
            ObjectNode slice = WebhookFixtures.object("EndpointSlice", "hook-abc",
                    ServiceEndpoints.SERVICE_NAME_LABEL, "hook");
            slice.putArray("endpoints").addObject().putArray("addresses").add("127.0.0.1");
            slice.putArray("ports").addObject().put("name", "https").put("port", endpointPort);
            objects.put("discovery.k8s.io", "endpointslices", "webhooks", slice);
        } else {
            ObjectNode endpoints = WebhookFixtures.object("Endpoints", "hook");
            ObjectNode subset = endpoints.putArray("subsets").addObject();
            subset.putArray("addresses").addObject().put("ip", "127.0.0.1");
            subset.putArray("ports").addObject().put("name", "https").put("port", endpointPort);
            objects.put("", "endpoints", "webhooks", endpoints);
        }
        return objects;
    }

    @Test
    void serviceWebhookIsCalledThroughItsEndpoints() throws Exception {
        try (WebhookServer server = WebhookServer.start(servicePki, WebhookServer.deny(403, "via service"))) {
            AdmissionResult.Denied denied = assertInstanceOf(AdmissionResult.Denied.class, plugin.admit(
                    create(WebhookFixtures.CONFIGMAPS, "default", configMap("cm"),
                            cluster(serviceHook(server.caBundle()), server.port(), false))));
            assertEquals("admission webhook \"svc.example.com\" denied the request: via service", denied.message());
        }
    }

    @Test
    void serviceWebhookIsCalledThroughEndpointSlices() throws Exception {
        try (WebhookServer server = WebhookServer.start(servicePki, WebhookServer.allow())) {
            assertInstanceOf(AdmissionResult.Allowed.class, plugin.admit(create(WebhookFixtures.CONFIGMAPS, "default",
                    configMap("cm"), cluster(serviceHook(server.caBundle()), server.port(), true))));
            assertEquals(1, server.received().size());
        }
    }

    @Test
    void certificateWithoutTheServiceNameIsRefused() throws Exception {
        try (WebhookServer server = WebhookServer.start(plainPki, WebhookServer.allow())) {
            AdmissionResult.Denied denied = assertInstanceOf(AdmissionResult.Denied.class, plugin.admit(
                    create(WebhookFixtures.CONFIGMAPS, "default", configMap("cm"),
                            cluster(serviceHook(server.caBundle()), server.port(), false))));
            assertTrue(denied.message().contains("https://hook.webhooks.svc:443/validate?timeout=2s"),
                    denied.message());
            assertTrue(server.received().isEmpty());
        }
    }

    @Test
    void serviceWithoutEndpointsFailsTheCall() {
        WebhookFixtures.Objects objects = new WebhookFixtures.Objects().namespace("default")
                .validating(validating("svc", serviceHook("")));
        ObjectNode service = WebhookFixtures.object("Service", "hook");
        service.putObject("spec").putArray("ports").addObject().put("port", 443);
        objects.put("", "services", "webhooks", service);
        AdmissionResult.Denied denied = assertInstanceOf(AdmissionResult.Denied.class, plugin.admit(
                create(WebhookFixtures.CONFIGMAPS, "default", configMap("cm"), objects)));
        assertTrue(denied.message().endsWith("no endpoints available for service \"hook\""), denied.message());
    }
}

package io.timonel.kernel.admission.webhook;

import static io.timonel.kernel.admission.webhook.WebhookFixtures.configMap;
import static io.timonel.kernel.admission.webhook.WebhookFixtures.create;
import static io.timonel.kernel.admission.webhook.WebhookFixtures.hook;
import static io.timonel.kernel.admission.webhook.WebhookFixtures.validating;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.security.ClusterPki;
import io.timonel.spi.admission.AdmissionResult;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The validating plugin against real HTTPS webhooks on loopback. */
class ValidatingAdmissionWebhookTest {
    private static ClusterPki pki;
    private static ClusterPki otherPki;
    private static ExecutorService io;
    private static ValidatingAdmissionWebhook plugin;

    @BeforeAll
    static void setUp() throws Exception {
        pki = WebhookServer.pki();
        otherPki = WebhookServer.pki();
        io = Executors.newCachedThreadPool();
        plugin = new ValidatingAdmissionWebhook(new WebhookCaller(io));
    }

    @AfterAll
    static void tearDown() {
        io.shutdownNow();
    }

    private static WebhookFixtures.Objects with(ObjectNode... hooks) {
        return new WebhookFixtures.Objects().namespace("default").validating(validating("policy", hooks));
    }

    private static AdmissionResult admit(WebhookFixtures.Objects objects) {
        return plugin.admit(create(WebhookFixtures.CONFIGMAPS, "default", configMap("cm"), objects));
    }

    @Test
    void allowingWebhookLetsTheRequestThroughWithItsWarnings() throws Exception {
        try (WebhookServer server = WebhookServer.start(pki, WebhookServer.allow("be careful"))) {
            AdmissionResult result = admit(with(hook("allow.example.com", server.url("/validate"), server.caBundle())));
            assertEquals(List.of("be careful"), assertInstanceOf(AdmissionResult.Allowed.class, result).warnings());
            JsonNode request = server.received().get(0).path("request");
            assertEquals("admission.k8s.io/v1", server.received().get(0).path("apiVersion").asText());
            assertEquals("CREATE", request.path("operation").asText());
            assertEquals("configmaps", request.path("resource").path("resource").asText());
            assertEquals("ConfigMap", request.path("kind").path("kind").asText());
            assertEquals("default", request.path("namespace").asText());
            assertEquals("cm", request.path("name").asText());
            assertEquals("admin", request.path("userInfo").path("username").asText());
            assertEquals("v", request.path("object").path("data").path("k").asText());
            assertTrue(request.path("oldObject").isNull());
            assertEquals("CreateOptions", request.path("options").path("kind").asText());
            assertEquals(false, request.path("dryRun").asBoolean(true));
            assertEquals("timeout=2s", server.queries().get(0));
        }
    }

    @Test
    void denyingWebhookRefusesWithItsCodeAndMessage() throws Exception {
        try (WebhookServer server = WebhookServer.start(pki, WebhookServer.deny(403, "no configmaps today"))) {
            AdmissionResult.Denied denied = assertInstanceOf(AdmissionResult.Denied.class,
                    admit(with(hook("deny.example.com", server.url("/"), server.caBundle()))));
            assertEquals(403, denied.code());
            assertEquals("admission webhook \"deny.example.com\" denied the request: no configmaps today",
                    denied.message());
        }
    }

    @Test
    void denialWithoutStatusIsABadRequestWithoutExplanation() throws Exception {
        try (WebhookServer server = WebhookServer.start(pki, r -> WebhookServer.review(r,
                WebhookServer.MAPPER.createObjectNode().put("allowed", false)))) {
            AdmissionResult.Denied denied = assertInstanceOf(AdmissionResult.Denied.class,
                    admit(with(hook("terse.example.com", server.url("/"), server.caBundle()))));
            assertEquals(400, denied.code());
            assertEquals("admission webhook \"terse.example.com\" denied the request without explanation",
                    denied.message());
        }
    }

    @Test
    void webhookThatIsDownFailsTheRequestUnderFail() throws Exception {
        String url = "https://127.0.0.1:" + freePort() + "/";
        AdmissionResult.Denied denied = assertInstanceOf(AdmissionResult.Denied.class,
                admit(with(hook("down.example.com", url, ""))));
        assertEquals(500, denied.code());
        assertEquals("InternalError", denied.reason());
        assertTrue(denied.message().startsWith("Internal error occurred: failed calling webhook \"down.example.com\": "
                + "failed to call webhook: Post \"" + url + "?timeout=2s\": "), denied.message());
    }

    @Test
    void webhookThatIsDownIsSkippedUnderIgnore() throws Exception {
        ObjectNode h = hook("down.example.com", "https://127.0.0.1:" + freePort() + "/", "");
        h.put("failurePolicy", "Ignore");
        assertInstanceOf(AdmissionResult.Allowed.class, admit(with(h)));
    }

    @Test
    void slowWebhookTimesOutUnderFail() throws Exception {
        try (WebhookServer server = WebhookServer.start(pki, r -> {
            Thread.sleep(5_000);
            return WebhookServer.allow().respond(r);
        })) {
            ObjectNode h = hook("slow.example.com", server.url("/"), server.caBundle());
            h.put("timeoutSeconds", 1);
            long start = System.nanoTime();
            AdmissionResult.Denied denied = assertInstanceOf(AdmissionResult.Denied.class, admit(with(h)));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(denied.message().endsWith("context deadline exceeded"), denied.message());
            assertTrue(millis < 4_000, "took " + millis + " ms");
        }
    }

    @Test
    void garbageAnswerFailsTheRequestUnderFail() throws Exception {
        try (WebhookServer server = WebhookServer.start(pki, WebhookServer.garbage())) {
            AdmissionResult.Denied denied = assertInstanceOf(AdmissionResult.Denied.class,
                    admit(with(hook("garbage.example.com", server.url("/"), server.caBundle()))));
            assertEquals(500, denied.code());
            assertTrue(denied.message().contains("received invalid webhook response"), denied.message());
        }
    }

    @Test
    void answerWithAnotherUidIsRefused() throws Exception {
        try (WebhookServer server = WebhookServer.start(pki, r -> {
            ObjectNode review = (ObjectNode) WebhookServer.MAPPER.readTree(WebhookServer.allow().respond(r));
            ((ObjectNode) review.get("response")).put("uid", "someone-else");
            return WebhookServer.MAPPER.writeValueAsBytes(review);
        })) {
            AdmissionResult.Denied denied = assertInstanceOf(AdmissionResult.Denied.class,
                    admit(with(hook("uid.example.com", server.url("/"), server.caBundle()))));
            assertTrue(denied.message().contains("expected response.uid"), denied.message());
        }
    }

    @Test
    void serverSignedByAnotherCaIsNotTrusted() throws Exception {
        try (WebhookServer server = WebhookServer.start(otherPki, WebhookServer.allow())) {
            AdmissionResult.Denied denied = assertInstanceOf(AdmissionResult.Denied.class,
                    admit(with(hook("mitm.example.com", server.url("/"), caOf(pki)))));
            assertEquals(500, denied.code());
            assertTrue(server.received().isEmpty());
        }
    }

    @Test
    void dryRunSkipsNothingButRefusesWebhooksWithSideEffects() throws Exception {
        try (WebhookServer server = WebhookServer.start(pki, WebhookServer.allow())) {
            ObjectNode unsafe = hook("effects.example.com", server.url("/"), server.caBundle());
            unsafe.put("sideEffects", "Some");
            AdmissionResult.Denied denied = assertInstanceOf(AdmissionResult.Denied.class,
                    plugin.admit(WebhookFixtures.dryRunCreate(configMap("cm"), with(unsafe))));
            assertEquals(400, denied.code());
            assertEquals("admission webhook \"effects.example.com\" does not support dry run", denied.message());
            assertTrue(server.received().isEmpty());

            ObjectNode safe = hook("safe.example.com", server.url("/"), server.caBundle());
            safe.put("sideEffects", "NoneOnDryRun");
            assertInstanceOf(AdmissionResult.Allowed.class,
                    plugin.admit(WebhookFixtures.dryRunCreate(configMap("cm"), with(safe))));
            JsonNode request = server.received().get(0).path("request");
            assertEquals(true, request.path("dryRun").asBoolean());
            assertEquals("All", request.path("options").path("dryRun").get(0).asText());
        }
    }

    @Test
    void namespaceSelectorDecidesWhetherTheWebhookIsCalled() throws Exception {
        try (WebhookServer server = WebhookServer.start(pki, WebhookServer.deny(403, "prod is frozen"))) {
            ObjectNode h = hook("frozen.example.com", server.url("/"), server.caBundle());
            h.putObject("namespaceSelector").putObject("matchLabels").put("env", "prod");
            WebhookFixtures.Objects objects = with(h).namespace("default", "env", "dev");
            assertInstanceOf(AdmissionResult.Allowed.class, admit(objects));
            objects.namespace("default", "env", "prod");
            assertInstanceOf(AdmissionResult.Denied.class, admit(objects));
            assertEquals(1, server.received().size());
        }
    }

    @Test
    void objectSelectorDecidesWhetherTheWebhookIsCalled() throws Exception {
        try (WebhookServer server = WebhookServer.start(pki, WebhookServer.deny(403, "locked"))) {
            ObjectNode h = hook("locked.example.com", server.url("/"), server.caBundle());
            h.putObject("objectSelector").putObject("matchLabels").put("locked", "true");
            WebhookFixtures.Objects objects = with(h);
            assertInstanceOf(AdmissionResult.Allowed.class, admit(objects));
            assertInstanceOf(AdmissionResult.Denied.class, plugin.admit(create(WebhookFixtures.CONFIGMAPS, "default",
                    configMap("cm", "locked", "true"), objects)));
        }
    }

    @Test
    void webhooksRunTogetherAndTheFirstDenialInOrderWins() throws Exception {
        try (WebhookServer first = WebhookServer.start(pki, WebhookServer.deny(403, "first"));
             WebhookServer second = WebhookServer.start(pki, WebhookServer.deny(422, "second"))) {
            WebhookFixtures.Objects objects = new WebhookFixtures.Objects().namespace("default")
                    .validating(validating("b-config", hook("b.example.com", first.url("/"), first.caBundle())))
                    .validating(validating("a-config", hook("a.example.com", second.url("/"), second.caBundle())));
            AdmissionResult.Denied denied = assertInstanceOf(AdmissionResult.Denied.class, admit(objects));
            assertEquals("admission webhook \"a.example.com\" denied the request: second", denied.message());
            assertEquals(1, first.received().size());
        }
    }

    @Test
    void configurationWithoutV1ReviewsFailsUnderFail() throws Exception {
        try (WebhookServer server = WebhookServer.start(pki, WebhookServer.allow())) {
            ObjectNode h = hook("old.example.com", server.url("/"), server.caBundle());
            h.putArray("admissionReviewVersions").add("v1beta1");
            AdmissionResult.Denied denied = assertInstanceOf(AdmissionResult.Denied.class, admit(with(h)));
            assertTrue(denied.message().endsWith("webhook does not accept v1 AdmissionReview"), denied.message());
        }
    }

    private static String caOf(ClusterPki p) {
        return java.util.Base64.getEncoder().encodeToString(p.caCertificatePem().getBytes());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

package io.timonel.kernel.admission.webhook;

import static io.timonel.kernel.admission.webhook.WebhookFixtures.configMap;
import static io.timonel.kernel.admission.webhook.WebhookFixtures.create;
import static io.timonel.kernel.admission.webhook.WebhookFixtures.hook;
import static io.timonel.kernel.admission.webhook.WebhookFixtures.mutating;
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

/** The mutating plugin against real HTTPS webhooks on loopback. */
class MutatingAdmissionWebhookTest {
    private static ClusterPki pki;
    private static ExecutorService io;
    private static MutatingAdmissionWebhook plugin;

    @BeforeAll
    static void setUp() throws Exception {
        pki = WebhookServer.pki();
        io = Executors.newCachedThreadPool();
        plugin = new MutatingAdmissionWebhook(new WebhookCaller(io));
    }

    @AfterAll
    static void tearDown() {
        io.shutdownNow();
    }

    private static AdmissionResult admit(WebhookFixtures.Objects objects) {
        return plugin.admit(create(WebhookFixtures.CONFIGMAPS, "default", configMap("cm"), objects));
    }

    @Test
    void patchFromTheWebhookIsApplied() throws Exception {
        try (WebhookServer server = WebhookServer.start(pki,
                WebhookServer.patch("[{\"op\":\"add\",\"path\":\"/data/injected\",\"value\":\"yes\"}]"))) {
            WebhookFixtures.Objects objects = new WebhookFixtures.Objects().namespace("default")
                    .mutating(mutating("inject", hook("inject.example.com", server.url("/mutate"), server.caBundle())));
            AdmissionResult.Mutated mutated = assertInstanceOf(AdmissionResult.Mutated.class, admit(objects));
            assertEquals("yes", mutated.object().path("data").path("injected").asText());
            assertEquals("v", mutated.object().path("data").path("k").asText());
        }
    }

    @Test
    void laterWebhooksSeeEarlierPatches() throws Exception {
        try (WebhookServer first = WebhookServer.start(pki,
                WebhookServer.patch("[{\"op\":\"add\",\"path\":\"/data/first\",\"value\":\"1\"}]"));
             WebhookServer second = WebhookServer.start(pki,
                     WebhookServer.patch("[{\"op\":\"add\",\"path\":\"/data/second\",\"value\":\"2\"}]"))) {
            WebhookFixtures.Objects objects = new WebhookFixtures.Objects().namespace("default")
                    .mutating(mutating("a", hook("first.example.com", first.url("/"), first.caBundle()),
                            hook("second.example.com", second.url("/"), second.caBundle())));
            AdmissionResult.Mutated mutated = assertInstanceOf(AdmissionResult.Mutated.class, admit(objects));
            assertEquals("1", second.received().get(0).path("request").path("object").path("data").path("first")
                    .asText());
            assertEquals("2", mutated.object().path("data").path("second").asText());
        }
    }

    @Test
    void ifNeededWebhookIsCalledAgainWhenALaterOneChangedTheObject() throws Exception {
        WebhookServer.Responder sawB = r -> {
            boolean seen = r.path("request").path("object").path("data").has("b");
            return WebhookServer.patch("[{\"op\":\"add\",\"path\":\"/data/a\",\"value\":\""
                    + (seen ? "saw-b" : "no-b") + "\"}]").respond(r);
        };
        try (WebhookServer a = WebhookServer.start(pki, sawB);
             WebhookServer b = WebhookServer.start(pki,
                     WebhookServer.patch("[{\"op\":\"add\",\"path\":\"/data/b\",\"value\":\"1\"}]"))) {
            ObjectNode hookA = hook("a.example.com", a.url("/"), a.caBundle());
            hookA.put("reinvocationPolicy", "IfNeeded");
            WebhookFixtures.Objects objects = new WebhookFixtures.Objects().namespace("default")
                    .mutating(mutating("1-a", hookA))
                    .mutating(mutating("2-b", hook("b.example.com", b.url("/"), b.caBundle())));
            AdmissionResult.Mutated mutated = assertInstanceOf(AdmissionResult.Mutated.class, admit(objects));
            assertEquals(2, a.received().size());
            assertEquals(1, b.received().size());
            assertEquals("saw-b", mutated.object().path("data").path("a").asText());
        }
    }

    @Test
    void neverPolicyWebhookIsCalledOnce() throws Exception {
        try (WebhookServer a = WebhookServer.start(pki, WebhookServer.allow());
             WebhookServer b = WebhookServer.start(pki,
                     WebhookServer.patch("[{\"op\":\"add\",\"path\":\"/data/b\",\"value\":\"1\"}]"))) {
            WebhookFixtures.Objects objects = new WebhookFixtures.Objects().namespace("default")
                    .mutating(mutating("1-a", hook("a.example.com", a.url("/"), a.caBundle())))
                    .mutating(mutating("2-b", hook("b.example.com", b.url("/"), b.caBundle())));
            assertInstanceOf(AdmissionResult.Mutated.class, admit(objects));
            assertEquals(1, a.received().size());
        }
    }

    @Test
    void denialStopsTheChain() throws Exception {
        try (WebhookServer deny = WebhookServer.start(pki, WebhookServer.deny(422, "bad data"));
             WebhookServer after = WebhookServer.start(pki, WebhookServer.allow())) {
            WebhookFixtures.Objects objects = new WebhookFixtures.Objects().namespace("default")
                    .mutating(mutating("a", hook("deny.example.com", deny.url("/"), deny.caBundle()),
                            hook("after.example.com", after.url("/"), after.caBundle())));
            AdmissionResult.Denied denied = assertInstanceOf(AdmissionResult.Denied.class, admit(objects));
            assertEquals(422, denied.code());
            assertEquals("admission webhook \"deny.example.com\" denied the request: bad data", denied.message());
            assertTrue(after.received().isEmpty());
        }
    }

    @Test
    void patchThatCannotApplyIsAnInternalError() throws Exception {
        try (WebhookServer server = WebhookServer.start(pki,
                WebhookServer.patch("[{\"op\":\"remove\",\"path\":\"/data/missing\"}]"))) {
            WebhookFixtures.Objects objects = new WebhookFixtures.Objects().namespace("default")
                    .mutating(mutating("a", hook("broken.example.com", server.url("/"), server.caBundle())));
            AdmissionResult.Denied denied = assertInstanceOf(AdmissionResult.Denied.class, admit(objects));
            assertEquals(500, denied.code());
        }
    }

    @Test
    void patchWithoutPatchTypeIsRefused() throws Exception {
        try (WebhookServer server = WebhookServer.start(pki, r -> WebhookServer.review(r,
                WebhookServer.MAPPER.createObjectNode().put("allowed", true).put("patch", "W10=")))) {
            ObjectNode h = hook("typeless.example.com", server.url("/"), server.caBundle());
            WebhookFixtures.Objects objects = new WebhookFixtures.Objects().namespace("default")
                    .mutating(mutating("a", h));
            AdmissionResult.Denied denied = assertInstanceOf(AdmissionResult.Denied.class, admit(objects));
            assertTrue(denied.message().contains("response.patch but not response.patchType"), denied.message());
            h.put("failurePolicy", "Ignore");
            objects.mutating(mutating("a", h));
            assertInstanceOf(AdmissionResult.Allowed.class, admit(objects));
        }
    }
}

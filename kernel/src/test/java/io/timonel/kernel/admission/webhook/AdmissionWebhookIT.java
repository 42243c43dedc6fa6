package io.timonel.kernel.admission.webhook;

import static io.timonel.kernel.testing.TestCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.timonel.kernel.security.ClusterPki;
import io.timonel.kernel.testing.TestCluster;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Webhook configurations written through the API take effect on the next writes. */
class AdmissionWebhookIT {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static TestCluster cluster;
    private static KubernetesClient client;
    private static ClusterPki pki;

    @BeforeAll
    static void boot() throws Exception {
        cluster = TestCluster.start();
        client = cluster.client();
        pki = WebhookServer.pki();
    }

    @AfterAll
    static void shutDown() {
        cluster.close();
    }

    private static ConfigMap configMap(String prefix, String label) {
        return new ConfigMapBuilder().withNewMetadata().withName(prefix + "-" + NAMES.incrementAndGet())
                .withNamespace("default").addToLabels("webhook-it", label).endMetadata()
                .addToData("k", "v").build();
    }

    @Test
    void validatingWebhookDenialReachesTheClientAsAStatus() throws Exception {
        try (WebhookServer server = WebhookServer.start(pki, WebhookServer.deny(403, "configmaps are frozen"))) {
            client.admissionRegistration().v1().validatingWebhookConfigurations().resource(
                    new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName("freeze").endMetadata()
                            .addNewWebhook().withName("freeze.example.com")
                            .withNewClientConfig().withUrl(server.url("/validate")).withCaBundle(server.caBundle())
                            .endClientConfig()
                            .addNewRule().withOperations("CREATE").withApiGroups("").withApiVersions("v1")
                            .withResources("configmaps").endRule()
                            .withNewObjectSelector().addToMatchLabels("webhook-it", "frozen").endObjectSelector()
                            .withSideEffects("None").withAdmissionReviewVersions("v1").withTimeoutSeconds(5)
                            .endWebhook().build()).create();
            long start = System.nanoTime();
            KubernetesClientException[] refused = new KubernetesClientException[1];
            await("the webhook to refuse a create", WAIT, () -> {
                try {
                    client.configMaps().inNamespace("default").resource(configMap("frozen", "frozen")).create();
                    return false;
                } catch (KubernetesClientException e) {
                    refused[0] = e;
                    return true;
                }
            });
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos(), "took effect within a second");
            assertEquals(403, refused[0].getCode());
            assertTrue(refused[0].getStatus().getMessage()
                    .contains("admission webhook \"freeze.example.com\" denied the request: configmaps are frozen"),
                    refused[0].getStatus().getMessage());
            // Objects the selector does not pick are not sent.
            client.configMaps().inNamespace("default").resource(configMap("thawed", "other")).create();

            client.admissionRegistration().v1().validatingWebhookConfigurations().withName("freeze").delete();
            await("creates to pass again", WAIT, () -> {
                try {
                    client.configMaps().inNamespace("default").resource(configMap("frozen", "frozen")).create();
                    return true;
                } catch (KubernetesClientException e) {
                    return false;
                }
            });
        }
    }

    @Test
    void mutatingWebhookPatchIsStored() throws Exception {
        try (WebhookServer server = WebhookServer.start(pki,
                WebhookServer.patch("[{\"op\":\"add\",\"path\":\"/data/injected\",\"value\":\"by-webhook\"}]"))) {
            client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(
                    new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("inject").endMetadata()
                            .addNewWebhook().withName("inject.example.com")
                            .withNewClientConfig().withUrl(server.url("/mutate")).withCaBundle(server.caBundle())
                            .endClientConfig()
                            .addNewRule().withOperations("CREATE").withApiGroups("").withApiVersions("v1")
                            .withResources("configmaps").endRule()
                            .withNewObjectSelector().addToMatchLabels("webhook-it", "inject").endObjectSelector()
                            .withSideEffects("None").withAdmissionReviewVersions("v1")
                            .endWebhook().build()).create();
            ConfigMap[] stored = new ConfigMap[1];
            await("the webhook to patch a create", WAIT, () -> {
                stored[0] = client.configMaps().inNamespace("default").resource(configMap("inject", "inject")).create();
                return stored[0].getData().containsKey("injected");
            });
            assertEquals("by-webhook", client.configMaps().inNamespace("default")
                    .withName(stored[0].getMetadata().getName()).get().getData().get("injected"));
            client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("inject").delete();
        }
    }

    @Test
    void webhookThatIsDownFailsWritesUnderFailPolicy() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        client.admissionRegistration().v1().validatingWebhookConfigurations().resource(
                new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName("down").endMetadata()
                        .addNewWebhook().withName("down.example.com")
                        .withNewClientConfig().withUrl("https://127.0.0.1:" + port + "/").endClientConfig()
                        .addNewRule().withOperations("CREATE").withApiGroups("").withApiVersions("v1")
                        .withResources("configmaps").endRule()
                        .withNewObjectSelector().addToMatchLabels("webhook-it", "down").endObjectSelector()
                        .withFailurePolicy("Fail").withSideEffects("None").withAdmissionReviewVersions("v1")
                        .endWebhook().build()).create();
        KubernetesClientException[] refused = new KubernetesClientException[1];
        await("the failing webhook to refuse", WAIT, () -> {
            try {
                client.configMaps().inNamespace("default").resource(configMap("down", "down")).create();
                return false;
            } catch (KubernetesClientException e) {
                refused[0] = e;
                return true;
            }
        });
        assertEquals(500, refused[0].getCode());
        assertTrue(refused[0].getStatus().getMessage().contains("failed calling webhook \"down.example.com\""),
                refused[0].getStatus().getMessage());
        client.admissionRegistration().v1().validatingWebhookConfigurations().withName("down").delete();
    }
}

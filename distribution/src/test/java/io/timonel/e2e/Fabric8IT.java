package io.timonel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bundle's server with the built-in types, driven by the fabric8 client as a controller would. */
class Fabric8IT {
    private static BundleServer server;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        server = BundleServer.start();
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(server.kubeconfig()))).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        return name;
    }

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().addNewContainer()
                .withName("main").withImage("busybox:local").endContainer().endSpec().build();
    }

    @Test
    void podsAreDefaultedAsKubernetesDoes() {
        String ns = namespace("f8-defaults");
        Pod created = client.pods().inNamespace(ns).resource(pod("p")).create();
        assertEquals("Always", created.getSpec().getRestartPolicy());
        assertEquals("ClusterFirst", created.getSpec().getDnsPolicy());
        assertEquals("IfNotPresent", created.getSpec().getContainers().get(0).getImagePullPolicy());
        assertEquals("Pending", created.getStatus().getPhase());
    }

    @Test
    void invalidPodsAreRefusedWithTheFieldPath() {
        String ns = namespace("f8-invalid");
        Pod bad = pod("bad");
        bad.getSpec().getContainers().get(0).setImage("");
        KubernetesClientException e = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
                () -> client.pods().inNamespace(ns).resource(bad).create());
        assertEquals(422, e.getCode());
        assertTrue(e.getStatus().getDetails().getCauses().stream()
                .anyMatch(c -> c.getField().equals("spec.containers[0].image")), e.getMessage());
    }

    @Test
    void bindingAssignsAPodToANodeOnce() throws Exception {
        String ns = namespace("f8-binding");
        client.pods().inNamespace(ns).resource(pod("web")).create();
        String binding = "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"web\"},"
                + "\"target\":{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":\"node-a\"}}";
        assertEquals(201, post("/api/v1/namespaces/" + ns + "/pods/web/binding", binding));
        Pod bound = client.pods().inNamespace(ns).withName("web").get();
        assertEquals("node-a", bound.getSpec().getNodeName());
        assertEquals("True", bound.getStatus().getConditions().stream().filter(c -> c.getType().equals("PodScheduled"))
                .findFirst().orElseThrow().getStatus());
        assertEquals(409, post("/api/v1/namespaces/" + ns + "/pods/web/binding", binding.replace("node-a", "node-b")));
    }

    @Test
    void ephemeralContainersAreAddedThroughTheirSubresourceOnly() {
        String ns = namespace("f8-ephemeral");
        client.pods().inNamespace(ns).resource(pod("web")).create();
        Pod debugged = client.pods().inNamespace(ns).withName("web").ephemeralContainers()
                .edit(p -> new PodBuilder(p).editSpec().addNewEphemeralContainer().withName("debugger")
                        .withImage("busybox:local").withStdin(true).withTty(true).withTargetContainerName("main")
                        .endEphemeralContainer().endSpec().build());
        assertEquals("debugger", debugged.getSpec().getEphemeralContainers().get(0).getName());
        assertEquals("IfNotPresent", debugged.getSpec().getEphemeralContainers().get(0).getImagePullPolicy());

        // the pod itself can neither drop nor change them
        Pod edited = client.pods().inNamespace(ns).withName("web").edit(p -> new PodBuilder(p).editSpec()
                .withEphemeralContainers(java.util.List.of()).endSpec().build());
        assertEquals(1, edited.getSpec().getEphemeralContainers().size());
        KubernetesClientException changed = org.junit.jupiter.api.Assertions.assertThrows(
                KubernetesClientException.class, () -> client.pods().inNamespace(ns).withName("web")
                        .ephemeralContainers().edit(p -> new PodBuilder(p).editSpec().editEphemeralContainer(0)
                                .withImage("other:1").endEphemeralContainer().endSpec().build()));
        assertEquals(422, changed.getCode());
    }

    @Test
    void podsOnANodeAreDeletedGracefullyAndUnboundOnesAtOnce() throws Exception {
        String ns = namespace("f8-grace");
        client.pods().inNamespace(ns).resource(pod("unbound")).create();
        client.pods().inNamespace(ns).withName("unbound").delete();
        assertEquals(null, client.pods().inNamespace(ns).withName("unbound").get());

        client.pods().inNamespace(ns).resource(pod("bound")).create();
        post("/api/v1/namespaces/" + ns + "/pods/bound/binding", "{\"apiVersion\":\"v1\",\"kind\":\"Binding\","
                + "\"metadata\":{\"name\":\"bound\"},\"target\":{\"kind\":\"Node\",\"name\":\"node-a\"}}");
        client.pods().inNamespace(ns).withName("bound").delete();
        Pod terminating = client.pods().inNamespace(ns).withName("bound").get();
        assertEquals(30L, terminating.getMetadata().getDeletionGracePeriodSeconds());
        // the node agent's final delete
        client.pods().inNamespace(ns).withName("bound").withGracePeriod(0).delete();
        assertEquals(null, client.pods().inNamespace(ns).withName("bound").get());
    }

    @Test
    void requestsWithoutCredentialsAreUnauthorized() throws Exception {
        javax.net.ssl.SSLContext trustAll = javax.net.ssl.SSLContext.getInstance("TLS");
        trustAll.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        java.net.http.HttpClient anonymous = java.net.http.HttpClient.newBuilder().sslContext(trustAll).build();
        java.net.http.HttpResponse<String> response = anonymous.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("https://127.0.0.1:" + server.port() + "/api/v1/namespaces")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(401, response.statusCode());
        assertTrue(response.body().contains("\"reason\":\"Unauthorized\""), response.body());
        java.net.http.HttpResponse<String> health = anonymous.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("https://127.0.0.1:" + server.port() + "/healthz")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals("ok", health.body());
    }

    private static int post(String path, String json) throws Exception {
        var http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder()
                .uri(client.getMasterUrl().toString().replaceAll("/$", "") + path)
                .post("application/json", json).build();
        HttpResponse<String> response = http.sendAsync(request, String.class).get(10, TimeUnit.SECONDS);
        return response.code();
    }
}

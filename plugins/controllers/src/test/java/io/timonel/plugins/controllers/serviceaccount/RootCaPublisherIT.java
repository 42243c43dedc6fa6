package io.timonel.plugins.controllers.serviceaccount;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.timonel.kernel.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RootCaPublisherIT {
    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins"))
                .withControllerSettings("controller-manager", Map.of("controllers", "root-ca-cert-publisher")));
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static ConfigMap rootCa(String namespace) {
        return client.configMaps().inNamespace(namespace).withName("kube-root-ca.crt").get();
    }

    @Test
    void everyNamespaceGetsTheClusterCaAndAnEditIsUndone() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("ca-new").endMetadata().build())
                .create();
        TestCluster.await("kube-root-ca.crt in a new namespace", Duration.ofSeconds(20), () -> rootCa("ca-new") != null);
        String pem = rootCa("ca-new").getData().get("ca.crt");
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----"), pem);

        client.configMaps().inNamespace("ca-new").withName("kube-root-ca.crt")
                .edit(cm -> { cm.setData(Map.of("ca.crt", "tampered")); return cm; });

        TestCluster.await("the CA put back", Duration.ofSeconds(20),
                () -> pem.equals(rootCa("ca-new").getData().get("ca.crt")));
    }
}

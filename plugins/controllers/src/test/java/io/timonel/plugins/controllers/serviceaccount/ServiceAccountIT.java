package io.timonel.plugins.controllers.serviceaccount;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.timonel.kernel.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServiceAccountIT {
    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins"))
                .withControllerSettings("controller-manager", java.util.Map.of("controllers", "serviceaccount")));
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void everyNamespaceGetsADefaultServiceAccount() {
        TestCluster.await("default SA in kube-system", Duration.ofSeconds(20),
                () -> client.serviceAccounts().inNamespace("kube-system").withName("default").get() != null);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("sa-new").endMetadata().build())
                .create();

        TestCluster.await("default SA in a new namespace", Duration.ofSeconds(20),
                () -> client.serviceAccounts().inNamespace("sa-new").withName("default").get() != null);
        assertNotNull(client.serviceAccounts().inNamespace("default").withName("default").get());
    }

    @Test
    void aDeletedDefaultServiceAccountComesBack() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("sa-gone").endMetadata().build())
                .create();
        TestCluster.await("default SA", Duration.ofSeconds(20),
                () -> client.serviceAccounts().inNamespace("sa-gone").withName("default").get() != null);
        String firstUid = client.serviceAccounts().inNamespace("sa-gone").withName("default").get()
                .getMetadata().getUid();

        client.serviceAccounts().inNamespace("sa-gone").withName("default").delete();

        TestCluster.await("a new default SA", Duration.ofSeconds(20), () -> {
            var sa = client.serviceAccounts().inNamespace("sa-gone").withName("default").get();
            return sa != null && !sa.getMetadata().getUid().equals(firstUid);
        });
    }
}

package io.timonel.kernel.api;

import static io.timonel.kernel.testing.TestCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.timonel.kernel.testing.TestCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An informer whose resourceVersion fell out of the server's history (here: across a restart,
 * after which the history starts anew) gets 410 Gone on its re-watch, re-lists, and goes on
 * seeing changes — the recovery every Kubernetes client relies on.
 */
class InformerRelistIT {

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().build();
    }

    @Test
    void informerRecoversWhenItsResourceVersionIsGone() throws Exception {
        try (TestCluster cluster = TestCluster.start(5)) {
            KubernetesClient client = cluster.client();
            for (String ns : new String[] {"watched", "busy"}) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata()
                        .build()).create();
            }
            client.configMaps().inNamespace("watched").resource(configMap("first")).create();
            try (SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace("watched").inform()) {
                await("the initial list", Duration.ofSeconds(10), () -> informer.getStore().list().size() == 1);
                // writes the informer does not see move the cluster's revision past its own
                for (int i = 0; i < 20; i++) {
                    client.configMaps().inNamespace("busy").resource(configMap("churn-" + i)).create();
                }
                cluster.restart();
                client.configMaps().inNamespace("watched").resource(configMap("second")).create();
                await("the informer to see the change made after its watch was gone", Duration.ofSeconds(30),
                        () -> informer.getStore().list().size() == 2);
                assertEquals(2, informer.getStore().list().size());
            }
        }
    }
}

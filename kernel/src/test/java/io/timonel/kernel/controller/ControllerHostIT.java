package io.timonel.kernel.controller;

import static io.timonel.kernel.testing.TestCluster.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.timonel.kernel.testing.TestCluster;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A plugin's controller runs with its own identity and converges objects through the API. */
class ControllerHostIT {

    @Test
    void aControllerFromThePluginClasspathReconcilesThroughTheApi() throws Exception {
        try (TestCluster cluster = TestCluster.start()) {
            KubernetesClient client = cluster.client();
            client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("shout").addToLabels("echo", "true").endMetadata()
                    .withData(Map.of("value", "hello")).build()).create();
            await("the echo controller to copy data.value", Duration.ofSeconds(15), () ->
                    "hello".equals(client.configMaps().inNamespace("default").withName("shout").get().getData()
                            .get("echo")));
            client.configMaps().inNamespace("default").withName("shout").edit(cm -> {
                cm.getData().put("value", "again");
                return cm;
            });
            await("the controller to follow the change", Duration.ofSeconds(15), () ->
                    "again".equals(client.configMaps().inNamespace("default").withName("shout").get().getData()
                            .get("echo")));
        }
    }
}

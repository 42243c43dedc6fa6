package io.timonel.plugins.controllers.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.timonel.kernel.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ResourceQuotaIT {
    private static final String NS = "quota-ns";
    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins"))
                .withControllerSettings("controller-manager", Map.of("controllers", "resourcequota",
                        "resource-quota-sync-period", "1s")));
        client = cluster.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static void pod(String name, String cpu, String memory) {
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx").withNewResources()
                .withRequests(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory)))
                .withLimits(Map.of("memory", new Quantity(memory))).endResources().endContainer().endSpec().build()).create();
    }

    private static Map<String, String> used() {
        ResourceQuota q = client.resourceQuotas().inNamespace(NS).withName("compute").get();
        if (q.getStatus() == null || q.getStatus().getUsed() == null) {
            return Map.of();
        }
        var out = new java.util.TreeMap<String, String>();
        q.getStatus().getUsed().forEach((k, v) -> out.put(k, v.toString()));
        return out;
    }

    @Test
    void usedIsRecountedFromTheNamespaceAndFollowsDeletions() {
        client.resourceQuotas().inNamespace(NS).resource(new ResourceQuotaBuilder().withNewMetadata().withName("compute")
                .endMetadata().withNewSpec().withHard(Map.of("pods", new Quantity("10"), "requests.cpu", new Quantity("4"),
                        "requests.memory", new Quantity("2Gi"), "limits.memory", new Quantity("4Gi"),
                        "configmaps", new Quantity("5"), "services", new Quantity("3"),
                        "count/deployments.apps", new Quantity("2"))).endSpec().build()).create();
        pod("a", "500m", "128Mi");
        pod("b", "1", "256Mi");
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("cm").endMetadata()
                .build()).create();
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("s").endMetadata()
                .withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();
        client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder().withNewMetadata().withName("d")
                .endMetadata().withNewSpec().withNewSelector().withMatchLabels(Map.of("a", "b")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("a", "b")).endMetadata().withNewSpec()
                .addNewContainer().withName("c").withImage("nginx").endContainer().endSpec().endTemplate().endSpec()
                .build()).create();

        TestCluster.await("usage counted", Duration.ofSeconds(20), () -> "2".equals(used().get("pods"))
                && "1".equals(used().get("count/deployments.apps")) && "1".equals(used().get("services")));
        Map<String, String> used = used();
        assertEquals("1500m", used.get("requests.cpu"));
        assertEquals("384Mi", used.get("requests.memory"));
        assertEquals("384Mi", used.get("limits.memory"));
        assertEquals("1", used.get("configmaps"));
        assertEquals("4", client.resourceQuotas().inNamespace(NS).withName("compute").get().getStatus().getHard()
                .get("requests.cpu").toString());

        client.pods().inNamespace(NS).withName("b").withGracePeriod(0).delete();
        TestCluster.await("a deleted pod no longer counts", Duration.ofSeconds(20), () -> "1".equals(used().get("pods")));
        assertEquals("500m", used().get("requests.cpu"));
        assertEquals("128Mi", used().get("requests.memory"));
    }
}

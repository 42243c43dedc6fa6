package io.timonel.plugins.controllers.disruption;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.timonel.kernel.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DisruptionIT {
    private static final String NS = "default";
    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins"))
                .withControllerSettings("controller-manager", Map.of("controllers", "disruption")));
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static ReplicaSet replicaSet(String app, int replicas) {
        return client.apps().replicaSets().inNamespace(NS).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName(app).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(Map.of("app", app)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", app)).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer().endSpec().endTemplate()
                .endSpec().build()).create();
    }

    private static void pod(String name, ReplicaSet owner, boolean ready) {
        var meta = new PodBuilder().withNewMetadata().withName(name).withLabels(Map.of("app", owner.getMetadata().getName()));
        Pod pod = client.pods().inNamespace(NS).resource(meta.addNewOwnerReference().withApiVersion("apps/v1")
                .withKind("ReplicaSet").withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).endOwnerReference().endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer().endSpec().build()).create();
        setReady(pod, ready);
    }

    private static void setReady(Pod pod, boolean ready) {
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running")
                .withConditions(new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False").build())
                .build());
        client.pods().inNamespace(NS).resource(pod).updateStatus();
    }

    private static void budget(String name, String app, IntOrString min, IntOrString max) {
        client.policy().v1().podDisruptionBudget().inNamespace(NS).resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withMinAvailable(min).withMaxUnavailable(max)
                .withNewSelector().withMatchLabels(Map.of("app", app)).endSelector().endSpec().build()).create();
    }

    private static PodDisruptionBudget awaitStatus(String name, Predicate<PodDisruptionBudget> condition) {
        TestCluster.await("status of " + name, Duration.ofSeconds(20), () -> {
            PodDisruptionBudget pdb = client.policy().v1().podDisruptionBudget().inNamespace(NS).withName(name).get();
            return pdb.getStatus() != null && pdb.getStatus().getObservedGeneration() != null && condition.test(pdb);
        });
        return client.policy().v1().podDisruptionBudget().inNamespace(NS).withName(name).get();
    }

    @Test
    void maxUnavailableCountsFromTheControllersScaleAndFollowsReadiness() {
        ReplicaSet rs = replicaSet("web", 3);
        pod("web-1", rs, true);
        pod("web-2", rs, true);
        pod("web-3", rs, true);
        budget("web", "web", null, new IntOrString(1));

        PodDisruptionBudget pdb = awaitStatus("web", p -> p.getStatus().getCurrentHealthy() == 3);
        assertEquals(3, pdb.getStatus().getExpectedPods());
        assertEquals(2, pdb.getStatus().getDesiredHealthy());
        assertEquals(1, pdb.getStatus().getDisruptionsAllowed());
        assertEquals("SufficientPods", pdb.getStatus().getConditions().get(0).getReason());
        assertEquals("True", pdb.getStatus().getConditions().get(0).getStatus());

        setReady(client.pods().inNamespace(NS).withName("web-2").get(), false);
        pdb = awaitStatus("web", p -> p.getStatus().getCurrentHealthy() == 2);
        assertEquals(0, pdb.getStatus().getDisruptionsAllowed());
        assertEquals("InsufficientPods", pdb.getStatus().getConditions().get(0).getReason());
        assertEquals("DisruptionAllowed", pdb.getStatus().getConditions().get(0).getType());
    }

    @Test
    void minAvailableAsNumberAndAsPercent() {
        ReplicaSet rs = replicaSet("api", 4);
        pod("api-1", rs, true);
        pod("api-2", rs, true);
        pod("api-3", rs, true);
        budget("api-int", "api", new IntOrString(2), null);
        budget("api-pct", "api", new IntOrString("50%"), null);

        PodDisruptionBudget byNumber = awaitStatus("api-int", p -> p.getStatus().getCurrentHealthy() == 3);
        assertEquals(3, byNumber.getStatus().getExpectedPods(), "minAvailable N counts the pods");
        assertEquals(2, byNumber.getStatus().getDesiredHealthy());
        assertEquals(1, byNumber.getStatus().getDisruptionsAllowed());

        PodDisruptionBudget byPercent = awaitStatus("api-pct", p -> p.getStatus().getCurrentHealthy() == 3);
        assertEquals(4, byPercent.getStatus().getExpectedPods(), "a percentage counts the controller's scale");
        assertEquals(2, byPercent.getStatus().getDesiredHealthy());
        assertEquals(1, byPercent.getStatus().getDisruptionsAllowed());
    }
}

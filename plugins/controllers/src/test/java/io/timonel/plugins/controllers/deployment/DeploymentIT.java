package io.timonel.plugins.controllers.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.timonel.kernel.testing.TestCluster;
import io.timonel.plugins.controllers.replicaset.WorkloadFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeploymentIT {
    private static TestCluster cluster;
    private static KubernetesClient client;
    private static volatile boolean kubelet = true;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins"))
                .withControllerSettings("controller-manager", Map.of("controllers", "replicaset,deployment")));
        client = cluster.client();
        // plays the kubelet: every pod becomes Running and Ready shortly after it appears
        Thread t = new Thread(() -> {
            while (kubelet) {
                try {
                    for (var ns : List.of("dep1", "dep2", "dep3")) {
                        WorkloadFixtures.markAllReady(client, ns, Map.of());
                    }
                    Thread.sleep(150);
                } catch (Exception e) {
                    // namespace not there yet
                }
            }
        }, "fake-kubelet");
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    static void stop() {
        kubelet = false;
        cluster.close();
    }

    private static Deployment deployment(String ns, String name, int replicas, String image) {
        if (client.namespaces().withName(ns).get() == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .create();
        }
        Map<String, String> labels = Map.of("app", name);
        return client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy()
                .withTemplate(WorkloadFixtures.template(labels, image)).endSpec().build()).create();
    }

    private static Deployment get(String ns, String name) {
        return client.apps().deployments().inNamespace(ns).withName(name).get();
    }

    private static List<ReplicaSet> sets(String ns) {
        return client.apps().replicaSets().inNamespace(ns).list().getItems();
    }

    /** What kubectl rollout status waits for. */
    private static boolean rolledOut(String ns, String name) {
        Deployment d = get(ns, name);
        var s = d.getStatus();
        int want = d.getSpec().getReplicas();
        return s != null && s.getObservedGeneration() != null && s.getObservedGeneration() >= d.getMetadata().getGeneration()
                && n(s.getUpdatedReplicas()) == want && n(s.getReplicas()) == want && n(s.getAvailableReplicas()) == want
                && s.getConditions().stream().anyMatch(c -> "Progressing".equals(c.getType())
                && "NewReplicaSetAvailable".equals(c.getReason()))
                && s.getConditions().stream().anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static int n(Integer v) {
        return v == null ? 0 : v;
    }

    private static String image(ReplicaSet rs) {
        return rs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private static void setImage(String ns, String name, String image) {
        client.apps().deployments().inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"" + image + "\"}]}}}}");
    }

    @Test
    void rollingUpdateKeepsSurgeAndAvailabilityBoundsAndUndoRollsBack() throws Exception {
        deployment("dep1", "web", 4, "nginx:1");
        TestCluster.await("first rollout", Duration.ofSeconds(30), () -> rolledOut("dep1", "web"));
        ReplicaSet first = sets("dep1").get(0);
        assertEquals("1", first.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"));
        assertEquals("1", get("dep1", "web").getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"));
        assertTrue(first.getMetadata().getName().startsWith("web-"));
        assertEquals(first.getSpec().getTemplate().getMetadata().getLabels().get("pod-template-hash"),
                first.getSpec().getSelector().getMatchLabels().get("pod-template-hash"));

        AtomicInteger maxTotal = new AtomicInteger();
        AtomicInteger minAvailable = new AtomicInteger(Integer.MAX_VALUE);
        setImage("dep1", "web", "nginx:2");
        TestCluster.await("second rollout", Duration.ofSeconds(60), () -> {
            List<ReplicaSet> sets = sets("dep1");
            maxTotal.accumulateAndGet(sets.stream().mapToInt(rs -> rs.getSpec().getReplicas()).sum(), Math::max);
            return sets.size() == 2 && rolledOut("dep1", "web");
        });
        assertTrue(maxTotal.get() <= 5, "never more than replicas + maxSurge: " + maxTotal.get());
        Map<String, ReplicaSet> byImage = new HashMap<>();
        sets("dep1").forEach(rs -> byImage.put(image(rs), rs));
        assertEquals(0, byImage.get("nginx:1").getSpec().getReplicas());
        assertEquals(4, byImage.get("nginx:2").getSpec().getReplicas());
        assertEquals("2", byImage.get("nginx:2").getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"));
        assertTrue(client.v1().events().inNamespace("dep1").list().getItems().stream()
                .anyMatch(e -> "ScalingReplicaSet".equals(e.getReason()) && e.getMessage().startsWith("Scaled up replica set")));

        // kubectl rollout undo (client side): the old RS's template, without its hash label, patched in
        PodTemplateSpec old = new PodTemplateSpecBuilder(byImage.get("nginx:1").getSpec().getTemplate()).build();
        Map<String, String> labels = new HashMap<>(old.getMetadata().getLabels());
        labels.remove("pod-template-hash");
        old.getMetadata().setLabels(labels);
        client.apps().deployments().inNamespace("dep1").withName("web")
                .edit(d -> new DeploymentBuilder(d).editSpec().withTemplate(old).endSpec().build());
        TestCluster.await("rolled back", Duration.ofSeconds(60), () -> {
            ReplicaSet back = client.apps().replicaSets().inNamespace("dep1")
                    .withName(byImage.get("nginx:1").getMetadata().getName()).get();
            return rolledOut("dep1", "web") && back.getSpec().getReplicas() == 4
                    && "3".equals(back.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"));
        });
        ReplicaSet back = client.apps().replicaSets().inNamespace("dep1")
                .withName(byImage.get("nginx:1").getMetadata().getName()).get();
        assertEquals("1", back.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision-history"));
        assertEquals(2, sets("dep1").size(), "the rollback reused the old ReplicaSet");
    }

    @Test
    void pausedDeploymentDoesNotRollOutUntilResumed() {
        deployment("dep2", "api", 2, "api:1");
        TestCluster.await("first rollout", Duration.ofSeconds(30), () -> rolledOut("dep2", "api"));
        client.apps().deployments().inNamespace("dep2").withName("api")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"paused\":true}}");
        setImage("dep2", "api", "api:2");
        TestCluster.await("paused condition", Duration.ofSeconds(20), () -> get("dep2", "api").getStatus().getConditions()
                .stream().anyMatch(c -> "Progressing".equals(c.getType()) && "DeploymentPaused".equals(c.getReason())));
        assertEquals(1, sets("dep2").size(), "no rollout while paused");

        // scaling still works while paused
        client.apps().deployments().inNamespace("dep2").withName("api").scale(3);
        TestCluster.await("scaled while paused", Duration.ofSeconds(20),
                () -> sets("dep2").get(0).getSpec().getReplicas() == 3);

        client.apps().deployments().inNamespace("dep2").withName("api")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"paused\":false}}");
        TestCluster.await("rolled out after resume", Duration.ofSeconds(60),
                () -> sets("dep2").size() == 2 && rolledOut("dep2", "api"));
    }

    @Test
    void scalingMidRolloutSharesNewReplicasProportionally() {
        // dep5 has no kubelet: readiness is granted once, by hand, to the first rollout only
        deployment("dep5", "mid", 4, "mid:1");
        TestCluster.await("4 pods", Duration.ofSeconds(20), () -> client.pods().inNamespace("dep5").list()
                .getItems().size() == 4);
        WorkloadFixtures.markAllReady(client, "dep5", Map.of());
        TestCluster.await("first rollout", Duration.ofSeconds(30), () -> rolledOut("dep5", "mid"));
        setImage("dep5", "mid", "mid:2");
        TestCluster.await("one surge pod, stuck", Duration.ofSeconds(20), () -> sets("dep5").size() == 2
                && sets("dep5").stream().mapToInt(rs -> rs.getSpec().getReplicas()).sum() == 5);

        client.apps().deployments().inNamespace("dep5").withName("mid").scale(8);
        TestCluster.await("proportional 7 + 2", Duration.ofSeconds(20), () -> {
            Map<String, Integer> sizes = new HashMap<>();
            sets("dep5").forEach(rs -> sizes.put(image(rs), rs.getSpec().getReplicas()));
            return Integer.valueOf(7).equals(sizes.get("mid:1")) && Integer.valueOf(2).equals(sizes.get("mid:2"));
        });
        assertTrue(sets("dep5").stream().allMatch(rs -> "8".equals(rs.getMetadata().getAnnotations()
                .get("deployment.kubernetes.io/desired-replicas"))));
    }

    @Test
    void aRolloutThatMakesNoProgressExceedsItsDeadline() {
        // dep4 has no kubelet: its pods never become ready
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("dep4").endMetadata().build())
                .create();
        Map<String, String> labels = Map.of("app", "stuck");
        client.apps().deployments().inNamespace("dep4").resource(new DeploymentBuilder()
                .withNewMetadata().withName("stuck").endMetadata()
                .withNewSpec().withReplicas(2).withProgressDeadlineSeconds(2)
                .withNewSelector().withMatchLabels(labels).endSelector()
                .withTemplate(WorkloadFixtures.template(labels, "stuck:1")).endSpec().build()).create();
        TestCluster.await("deadline exceeded", Duration.ofSeconds(30), () -> {
            var status = get("dep4", "stuck").getStatus();
            return status != null && status.getConditions() != null && status.getConditions().stream()
                    .anyMatch(c -> "Progressing".equals(c.getType()) && "False".equals(c.getStatus())
                            && "ProgressDeadlineExceeded".equals(c.getReason()));
        });
        var available = get("dep4", "stuck").getStatus().getConditions().stream()
                .filter(c -> "Available".equals(c.getType())).findFirst().orElseThrow();
        assertEquals("False", available.getStatus());
        assertEquals("MinimumReplicasUnavailable", available.getReason());
        assertEquals(2, n(get("dep4", "stuck").getStatus().getUnavailableReplicas()));
    }

    @Test
    void recreateStopsOldPodsBeforeStartingNewOnes() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("dep3").endMetadata().build())
                .create();
        Map<String, String> labels = Map.of("app", "db");
        client.apps().deployments().inNamespace("dep3").resource(new DeploymentBuilder()
                .withNewMetadata().withName("db").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewStrategy().withType("Recreate").endStrategy()
                .withTemplate(WorkloadFixtures.template(labels, "db:1")).endSpec().build()).create();
        TestCluster.await("first rollout", Duration.ofSeconds(30), () -> rolledOut("dep3", "db"));
        setImage("dep3", "db", "db:2");
        TestCluster.await("recreated", Duration.ofSeconds(60), () -> sets("dep3").size() == 2 && rolledOut("dep3", "db"));
        assertTrue(sets("dep3").stream().filter(rs -> image(rs).equals("db:1"))
                .allMatch(rs -> rs.getSpec().getReplicas() == 0));
    }
}

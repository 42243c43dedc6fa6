package io.timonel.plugins.controllers.hpa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.timonel.kernel.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The autoscaler against the real metrics path: a CustomResourceDefinition serves
 * {@code metrics.k8s.io/v1beta1} PodMetrics (plural {@code pods}), as metrics-server would, and the
 * test writes the usage it wants the autoscaler to see.
 */
class HorizontalPodAutoscalerIT {
    private static final String NS = "default";
    private static final ResourceDefinitionContext POD_METRICS = new ResourceDefinitionContext.Builder()
            .withGroup("metrics.k8s.io").withVersion("v1beta1").withKind("PodMetrics").withPlural("pods")
            .withNamespaced(true).build();
    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(c -> c.withPluginsDir(Path.of("target/it-plugins"))
                .withControllerSettings("controller-manager", Map.of("controllers", "horizontal-pod-autoscaler",
                        "horizontal-pod-autoscaler-sync-period", "500ms",
                        "horizontal-pod-autoscaler-downscale-stabilization", "3s")));
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static void servePodMetrics() {
        var preserve = new JSONSchemaPropsBuilder().withType("object").withXKubernetesPreserveUnknownFields(true).build();
        client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("pods.metrics.k8s.io").endMetadata()
                .withNewSpec().withGroup("metrics.k8s.io").withScope("Namespaced")
                .withNewNames().withPlural("pods").withSingular("podmetrics").withKind("PodMetrics")
                .withListKind("PodMetricsList").endNames()
                .addNewVersion().withName("v1beta1").withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object")
                .addToProperties("timestamp", new JSONSchemaPropsBuilder().withType("string").build())
                .addToProperties("window", new JSONSchemaPropsBuilder().withType("string").build())
                .addToProperties("containers", new JSONSchemaPropsBuilder().withType("array").withItems(
                        new io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsOrArray(null, preserve)).build())
                .endOpenAPIV3Schema().endSchema().endVersion().endSpec().build()).create();
        TestCluster.await("PodMetrics served", Duration.ofSeconds(20), () -> {
            try {
                client.genericKubernetesResources(POD_METRICS).inNamespace(NS).list();
                return true;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
    }

    private static void usage(String pod, String cpu) {
        GenericKubernetesResource metrics = new GenericKubernetesResourceBuilder().withApiVersion("metrics.k8s.io/v1beta1")
                .withKind("PodMetrics").withNewMetadata().withName(pod).withNamespace(NS).endMetadata().build();
        metrics.setAdditionalProperty("timestamp", java.time.Instant.now().toString());
        metrics.setAdditionalProperty("window", "30s");
        metrics.setAdditionalProperty("containers", List.of(Map.of("name", "c", "usage", Map.of("cpu", cpu, "memory", "10Mi"))));
        client.genericKubernetesResources(POD_METRICS).inNamespace(NS).resource(metrics).createOr(r -> r.update());
    }

    private static void workload(String app, int replicas, int pods) {
        client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder().withNewMetadata().withName(app)
                .endMetadata().withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(Map.of("app", app)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", app)).endMetadata().withNewSpec()
                .addNewContainer().withName("c").withImage("nginx").endContainer().endSpec().endTemplate().endSpec()
                .build()).create();
        for (int i = 1; i <= pods; i++) {
            var pod = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(app + "-" + i)
                    .withLabels(Map.of("app", app)).endMetadata().withNewSpec().addNewContainer().withName("c")
                    .withImage("nginx").withNewResources().withRequests(Map.of("cpu", new Quantity("100m"))).endResources()
                    .endContainer().endSpec().build()).create();
            // started ten minutes ago, ready a minute later: past the cpu initialization period
            java.time.Instant started = java.time.Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running")
                    .withStartTime(started.toString())
                    .withConditions(new PodConditionBuilder().withType("Ready").withStatus("True")
                            .withLastTransitionTime(started.plusSeconds(60).toString()).build()).build());
            client.pods().inNamespace(NS).resource(pod).updateStatus();
        }
    }

    private static void autoscaler(String app, int min, int max) {
        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).resource(new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName(app).endMetadata().withNewSpec()
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(app).endScaleTargetRef()
                .withMinReplicas(min).withMaxReplicas(max)
                .addNewMetric().withType("Resource").withNewResource().withName("cpu").withNewTarget()
                .withType("Utilization").withAverageUtilization(50).endTarget().endResource().endMetric()
                .endSpec().build()).create();
    }

    private static int replicas(String app) {
        return client.apps().deployments().inNamespace(NS).withName(app).get().getSpec().getReplicas();
    }

    private static HorizontalPodAutoscaler hpa(String name) {
        return client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName(name).get();
    }

    private static String condition(HorizontalPodAutoscaler hpa, String type) {
        return hpa.getStatus() == null || hpa.getStatus().getConditions() == null ? null
                : hpa.getStatus().getConditions().stream().filter(c -> c.getType().equals(type))
                .map(c -> c.getStatus() + "/" + c.getReason()).findFirst().orElse(null);
    }

    @Test
    void scalesUpToMaxOnHighUtilizationAndDownAfterTheStabilizationWindow() {
        servePodMetrics();
        workload("web", 2, 2);
        usage("web-1", "200m");
        usage("web-2", "200m");
        autoscaler("web", 1, 5);

        TestCluster.await("scaled up to max", Duration.ofSeconds(20), () -> replicas("web") == 5);
        TestCluster.await("status", Duration.ofSeconds(20), () -> hpa("web").getStatus() != null
                && Integer.valueOf(5).equals(hpa("web").getStatus().getCurrentReplicas()));
        HorizontalPodAutoscaler scaled = hpa("web");
        assertEquals(200, scaled.getStatus().getCurrentMetrics().get(0).getResource().getCurrent().getAverageUtilization());
        assertEquals("True/ValidMetricFound", condition(scaled, "ScalingActive"));
        TestCluster.await("the rescale event", Duration.ofSeconds(10), () -> client.v1().events().inNamespace(NS).list()
                .getItems().stream().anyMatch(e -> "SuccessfulRescale".equals(e.getReason())
                        && "New size: 5; reason: cpu resource utilization (percentage of request) above target"
                        .equals(e.getMessage())));

        usage("web-1", "10m");
        usage("web-2", "10m");
        long lowSince = System.nanoTime();
        TestCluster.await("scaled down to min", Duration.ofSeconds(20), () -> replicas("web") == 1);
        assertEquals(true, Duration.ofNanos(System.nanoTime() - lowSince).toMillis() >= 1500,
                "not before the stabilization window");
        TestCluster.await("status follows", Duration.ofSeconds(10), () ->
                Integer.valueOf(1).equals(hpa("web").getStatus().getDesiredReplicas()));
    }

    @Test
    void withoutMetricsScalingIsNotActive() {
        workload("quiet", 2, 1);
        autoscaler("quiet", 1, 5);
        TestCluster.await("ScalingActive False", Duration.ofSeconds(20), () -> {
            String c = condition(hpa("quiet"), "ScalingActive");
            return c != null && c.equals("False/FailedGetResourceMetric");
        });
        assertEquals(2, replicas("quiet"));
    }
}

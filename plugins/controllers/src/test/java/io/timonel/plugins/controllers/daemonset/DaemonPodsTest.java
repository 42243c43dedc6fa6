package io.timonel.plugins.controllers.daemonset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DaemonPodsTest {
    @Test
    void aDaemonPodIsPinnedToItsNodeAndToleratesNodeConditions() {
        var template = new PodTemplateSpecBuilder().withNewMetadata().withLabels(Map.of("app", "a")).endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName("c").withImage("i").build())
                .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().addNewMatchExpression().withKey("zone").withOperator("Exists").endMatchExpression()
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
                .endSpec().build();
        DaemonSet ds = new DaemonSetBuilder().withNewMetadata().withName("agent").withNamespace("ns").withUid("u")
                .withGeneration(3L).endMetadata().withNewSpec().withTemplate(template).endSpec().build();

        Pod pod = DaemonPods.newPod(ds, template, "node-7", "h1");

        assertEquals("node-7", DaemonPods.targetNode(pod));
        var terms = pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms();
        assertEquals(1, terms.size(), "the template's required terms are replaced");
        assertEquals("agent-", pod.getMetadata().getGenerateName());
        assertEquals("h1", pod.getMetadata().getLabels().get("controller-revision-hash"));
        assertEquals("3", pod.getMetadata().getLabels().get("pod-template-generation"));
        assertTrue(pod.getSpec().getTolerations().stream().anyMatch(t -> "node.kubernetes.io/disk-pressure".equals(t.getKey())));
        assertEquals(6, pod.getSpec().getTolerations().size());
    }
}

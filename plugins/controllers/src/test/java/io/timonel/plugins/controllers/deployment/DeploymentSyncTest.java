package io.timonel.plugins.controllers.deployment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentSyncTest {
    private static PodTemplateSpec template(Map<String, String> labels, String image) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata().withNewSpec()
                .withContainers(new ContainerBuilder().withName("app").withImage(image).build()).endSpec().build();
    }

    @Test
    void spelledOutZeroValuesDoNotMakeADifferentTemplate() {
        PodTemplateSpec spelled = template(Map.of("app", "a"), "nginx");
        spelled.getMetadata().setGeneration(0L);
        spelled.getSpec().getContainers().get(0).setStdin(false);
        spelled.getSpec().setHostNetwork(false);
        spelled.getSpec().getContainers().get(0).setResources(new io.fabric8.kubernetes.api.model.ResourceRequirements());
        assertTrue(DeploymentSync.equalIgnoreHash(spelled, template(Map.of("app", "a"), "nginx")));
    }

    @Test
    void templatesCompareIgnoringThePodTemplateHash() {
        assertTrue(DeploymentSync.equalIgnoreHash(template(Map.of("app", "a", "pod-template-hash", "x1"), "nginx"),
                template(Map.of("app", "a"), "nginx")));
        assertFalse(DeploymentSync.equalIgnoreHash(template(Map.of("app", "a"), "nginx:2"),
                template(Map.of("app", "a"), "nginx")));
    }
}

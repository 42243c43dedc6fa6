package io.timonel.plugins.controllers.statefulset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatefulPodsTest {

    @ParameterizedTest(name = "{1} -> {2}")
    @CsvSource({"web, web-0, 0", "web, web-12, 12", "web, web-, -1", "web, web-01, -1", "web, webx-1, -1",
            "web, web-a, -1", "web-1, web-1-3, 3", "web, web-1-3, -1"})
    void ordinalsComeFromTheName(String set, String pod, int want) {
        assertEquals(want, StatefulPods.ordinal(set, pod));
    }

    @Test
    void aPodHasItsStableIdentityAndClaims() {
        var template = new PodTemplateSpecBuilder().withNewMetadata().withLabels(Map.of("app", "db")).endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName("c").withImage("db").build())
                .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewVolume().withName("config").withNewEmptyDir().endEmptyDir().endVolume().endSpec().build();
        StatefulSet set = new StatefulSetBuilder().withNewMetadata().withName("db").withNamespace("ns").withUid("u")
                .endMetadata().withNewSpec().withServiceName("db-svc").withNewSelector().withMatchLabels(Map.of("app", "db"))
                .endSelector().withTemplate(template)
                .withVolumeClaimTemplates(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data")
                        .endMetadata().build()).endSpec().build();

        Pod pod = StatefulPods.newPod(set, template, 2, "db-abc");

        assertEquals("db-2", pod.getMetadata().getName());
        assertEquals("db-2", pod.getSpec().getHostname());
        assertEquals("db-svc", pod.getSpec().getSubdomain());
        assertEquals("2", pod.getMetadata().getLabels().get("apps.kubernetes.io/pod-index"));
        assertEquals("db-abc", pod.getMetadata().getLabels().get("controller-revision-hash"));
        assertEquals(2, pod.getSpec().getVolumes().size());
        assertEquals("data-db-2", pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals("data"))
                .findFirst().orElseThrow().getPersistentVolumeClaim().getClaimName());
        var claims = StatefulPods.claims(set, 2);
        assertEquals("data-db-2", claims.get(0).getMetadata().getName());
        assertEquals("db", claims.get(0).getMetadata().getLabels().get("app"));
    }
}

package io.timonel.plugins.controllers.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobPodTemplateTest {
    private static final Job JOB = new JobBuilder().withNewMetadata().withName("pi").withNamespace("ns").withUid("u-1")
            .endMetadata().withNewSpec().withNewTemplate().withNewMetadata().addToLabels("app", "pi")
            .addToAnnotations("note", "x").endMetadata().withNewSpec().addNewContainer().withName("main")
            .addNewEnv().withName("A").withValue("1").endEnv().endContainer().endSpec().endTemplate().endSpec().build();

    @Test
    void nonIndexedPodCarriesTheJobLabelsFinalizerAndController() {
        Pod pod = JobPodTemplate.podFor(JOB, JOB.getSpec().getTemplate().getSpec(), -1, 0);

        assertEquals("pi-", pod.getMetadata().getGenerateName());
        assertEquals(Map.of("app", "pi", "batch.kubernetes.io/controller-uid", "u-1", "batch.kubernetes.io/job-name", "pi",
                "controller-uid", "u-1", "job-name", "pi"), pod.getMetadata().getLabels());
        assertEquals(Map.of("note", "x"), pod.getMetadata().getAnnotations());
        assertEquals(List.of("batch.kubernetes.io/job-tracking"), pod.getMetadata().getFinalizers());
        assertEquals("u-1", pod.getMetadata().getOwnerReferences().get(0).getUid());
        assertEquals(true, pod.getMetadata().getOwnerReferences().get(0).getBlockOwnerDeletion());
        assertNull(pod.getSpec().getHostname());
        assertEquals(1, pod.getSpec().getContainers().get(0).getEnv().size());
    }

    @Test
    void indexedPodKnowsItsIndex() {
        Job perIndex = new JobBuilder(JOB).editSpec().withBackoffLimitPerIndex(1).endSpec().build();
        Pod pod = JobPodTemplate.podFor(perIndex, perIndex.getSpec().getTemplate().getSpec(), 2, 1);

        assertEquals("pi-2-", pod.getMetadata().getGenerateName());
        assertEquals("pi-2", pod.getSpec().getHostname());
        assertEquals("2", pod.getMetadata().getLabels().get("batch.kubernetes.io/job-completion-index"));
        assertEquals("2", pod.getMetadata().getAnnotations().get("batch.kubernetes.io/job-completion-index"));
        assertEquals("1", pod.getMetadata().getAnnotations().get("batch.kubernetes.io/job-index-failure-count"));
        var env = pod.getSpec().getContainers().get(0).getEnv();
        assertEquals(List.of("A", "JOB_COMPLETION_INDEX"), env.stream().map(e -> e.getName()).toList());
        assertEquals("metadata.labels['batch.kubernetes.io/job-completion-index']",
                env.get(1).getValueFrom().getFieldRef().getFieldPath());
    }
}

package io.timonel.plugins.controllers.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnnotationsTest {
    private final Deployment d = new DeploymentBuilder().withNewMetadata().withName("web")
            .withAnnotations(Map.of("kubernetes.io/change-cause", "image 2",
                    "kubectl.kubernetes.io/last-applied-configuration", "{}", Annotations.REVISION, "7"))
            .endMetadata().withNewSpec().withReplicas(3).endSpec().build();

    private static ReplicaSet rs(Map<String, String> annotations) {
        return new ReplicaSetBuilder().withNewMetadata().withName("web-abc").withAnnotations(annotations).endMetadata()
                .withNewSpec().withReplicas(0).endSpec().build();
    }

    @Test
    void aNewReplicaSetGetsTheRevisionReplicaCountsAndCopiedAnnotations() {
        ReplicaSet rs = rs(null);
        assertTrue(Annotations.applyToReplicaSet(d, rs, 3, false, 1));
        Map<String, String> a = rs.getMetadata().getAnnotations();
        assertEquals("3", a.get(Annotations.REVISION));
        assertEquals("3", a.get(Annotations.DESIRED_REPLICAS));
        assertEquals("4", a.get(Annotations.MAX_REPLICAS));
        assertEquals("image 2", a.get("kubernetes.io/change-cause"));
        assertFalse(a.containsKey("kubectl.kubernetes.io/last-applied-configuration"));
        assertNull(a.get(Annotations.REVISION_HISTORY));
    }

    @Test
    void anOldReplicaSetMadeNewAgainRemembersItsFormerRevisions() {
        ReplicaSet rs = rs(Map.of(Annotations.REVISION, "2", Annotations.REVISION_HISTORY, "1"));
        assertTrue(Annotations.applyToReplicaSet(d, rs, 5, true, 1));
        assertEquals("5", rs.getMetadata().getAnnotations().get(Annotations.REVISION));
        assertEquals("1,2", rs.getMetadata().getAnnotations().get(Annotations.REVISION_HISTORY));
    }

    @Test
    void anUpToDateReplicaSetIsUnchanged() {
        ReplicaSet rs = rs(Map.of(Annotations.REVISION, "4", "kubernetes.io/change-cause", "image 2"));
        assertFalse(Annotations.applyToReplicaSet(d, rs, 4, true, 1));
        assertFalse(Annotations.applyToReplicaSet(d, rs, 3, true, 1), "a revision never goes down");
    }
}

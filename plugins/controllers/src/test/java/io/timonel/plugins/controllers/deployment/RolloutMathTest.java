package io.timonel.plugins.controllers.deployment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RolloutMathTest {

    private static IntOrString bound(String value) {
        return value.endsWith("%") ? new IntOrString(value) : new IntOrString(Integer.parseInt(value));
    }

    @ParameterizedTest(name = "surge {0}, unavailable {1} of {2} -> {3}/{4}")
    @CsvSource({
            "25%, 25%, 4, 1, 1",
            "25%, 25%, 10, 3, 2",  // surge rounds up, unavailability down
            "25%, 25%, 1, 1, 0",
            "0, 0, 5, 0, 1",       // both zero: one may be unavailable, or nothing could move
            "0%, 0%, 3, 0, 1",
            "1, 0, 3, 1, 0",
            "50%, 50%, 3, 2, 1",
            "100%, 0, 7, 7, 0",
    })
    void fencepostsRoundAsKubernetes(String surge, String unavailable, int desired, int wantSurge, int wantUnavailable) {
        assertArrayEquals(new int[] {wantSurge, wantUnavailable},
                RolloutMath.resolveFenceposts(bound(surge), bound(unavailable), desired));
    }

    private static Deployment rolling(int replicas, String surge, String unavailable) {
        return new DeploymentBuilder().withNewMetadata().withName("d").withGeneration(2L).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(bound(surge)).withMaxUnavailable(bound(unavailable)).endRollingUpdate().endStrategy()
                .endSpec().build();
    }

    private static ReplicaSet rs(int replicas) {
        return new ReplicaSetBuilder().withNewMetadata().withName("rs" + replicas).endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec().build();
    }

    @ParameterizedTest(name = "{0} replicas, surge {1}: new {2} + old {3} -> new {4}")
    @CsvSource({
            "4, 1, 0, 4, 1",   // room for one surge pod
            "4, 1, 1, 4, 1",   // at replicas + surge: no growth
            "4, 1, 1, 3, 2",
            "4, 25%, 0, 4, 1",
            "3, 2, 2, 2, 3",   // never beyond the desired count
            "10, 30%, 0, 10, 3",
    })
    void newReplicaSetGrowsWithinSurge(int replicas, String surge, int newSize, int oldSize, int want) {
        Deployment d = rolling(replicas, surge, "0");
        ReplicaSet newRs = rs(newSize);
        assertEquals(want, RolloutMath.newReplicaSetReplicas(d, List.of(rs(oldSize), newRs), newRs));
    }

    @Test
    void recreateScalesTheNewReplicaSetToTheFullCountAndHasNoBounds() {
        Deployment d = new DeploymentBuilder().withNewMetadata().withName("d").endMetadata().withNewSpec()
                .withReplicas(5).withNewStrategy().withType("Recreate").endStrategy().endSpec().build();
        assertEquals(5, RolloutMath.newReplicaSetReplicas(d, List.of(rs(0)), rs(0)));
        assertEquals(0, RolloutMath.maxSurge(d));
        assertEquals(0, RolloutMath.maxUnavailable(d));
    }

    @Test
    void maxUnavailableNeverExceedsReplicasAndIsZeroWithoutReplicas() {
        assertEquals(2, RolloutMath.maxUnavailable(rolling(2, "0", "5")));
        assertEquals(0, RolloutMath.maxUnavailable(rolling(0, "1", "1")));
    }

    private static DeploymentStatus status(long observed, int replicas, int updated, int ready, int available) {
        return new DeploymentStatusBuilder().withObservedGeneration(observed).withReplicas(replicas)
                .withUpdatedReplicas(updated).withReadyReplicas(ready).withAvailableReplicas(available).build();
    }

    @Test
    void completeNeedsEveryPodUpdatedAvailableAndTheGenerationObserved() {
        Deployment d = rolling(3, "1", "0");
        assertTrue(RolloutMath.complete(d, status(2, 3, 3, 3, 3)));
        assertFalse(RolloutMath.complete(d, status(1, 3, 3, 3, 3)), "old generation");
        assertFalse(RolloutMath.complete(d, status(2, 4, 3, 3, 3)), "an old pod left");
        assertFalse(RolloutMath.complete(d, status(2, 3, 3, 3, 2)), "one not available");
    }

    @Test
    void progressIsMoreUpdatedFewerOldOrMoreReadyOrAvailable() {
        Deployment d = new DeploymentBuilder(rolling(3, "1", "0")).withStatus(status(2, 4, 1, 3, 3)).build();
        assertTrue(RolloutMath.progressing(d, status(2, 4, 2, 3, 3)));
        assertTrue(RolloutMath.progressing(d, status(2, 3, 1, 3, 3)));
        assertTrue(RolloutMath.progressing(d, status(2, 4, 1, 4, 3)));
        assertFalse(RolloutMath.progressing(d, status(2, 4, 1, 3, 3)));
    }

    @ParameterizedTest(name = "rs {0} (annotated max {1}) of deployment {2}+{3}: add {5} -> {7}")
    @CsvSource({
            // rs, annotatedMax, deployment, surge, statusReplicas, toAdd, added, want
            "5, 10, 20, 0, 10, 10, 0, 5",   // half of the old size: half of the new
            "5, 10, 20, 0, 10, 10, 8, 2",   // capped by what is left to add
            "5, 10, 5, 0, 10, -5, 0, -2",   // round(2.5) = 3: lose 2
            "0, 10, 20, 0, 10, 10, 0, 0",   // an empty RS gets nothing
            "4, , 8, 0, 4, 4, 0, 4",        // no annotation: the status replica count
            "3, 10, 0, 0, 10, -3, 0, -3",   // scaled to zero: everything goes
    })
    void proportionalScalingSharesByFormerSize(int rsReplicas, Integer annotated, int replicas, int surge,
                                               int statusReplicas, int toAdd, int added, int want) {
        assertEquals(want, RolloutMath.proportion(rsReplicas, annotated, replicas, surge, statusReplicas, toAdd, added));
    }
}

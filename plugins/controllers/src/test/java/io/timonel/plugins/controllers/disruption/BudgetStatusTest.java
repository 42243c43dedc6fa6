package io.timonel.plugins.controllers.disruption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BudgetStatusTest {

    private static List<Pod> pods(int ready, int unready, String owner) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < ready + unready; i++) {
            var meta = new PodBuilder().withNewMetadata().withName("p" + i);
            if (owner != null) {
                meta = meta.addNewOwnerReference().withKind("ReplicaSet").withName(owner).withUid(owner).withController(true)
                        .endOwnerReference();
            }
            pods.add(meta.endMetadata().withNewStatus().addNewCondition().withType("Ready")
                    .withStatus(i < ready ? "True" : "False").endCondition().endStatus().build());
        }
        return pods;
    }

    private static PodDisruptionBudget pdb(IntOrString min, IntOrString max) {
        return new PodDisruptionBudgetBuilder().withNewMetadata().withName("b").endMetadata()
                .withNewSpec().withMinAvailable(min).withMaxUnavailable(max).endSpec().build();
    }

    @Test
    void statusFromMinAvailableAndMaxUnavailable() {
        record Case(String name, IntOrString min, IntOrString max, int ready, int unready, int scale,
                    int expected, int desired, int healthy, int allowed) {
        }
        for (Case c : List.of(
                new Case("minAvailable 2 of 3 ready", new IntOrString(2), null, 3, 0, 5, 3, 2, 3, 1),
                new Case("minAvailable 2 of 1 ready", new IntOrString(2), null, 1, 1, 5, 2, 2, 1, 0),
                new Case("minAvailable 50% of scale 5 rounds up", new IntOrString("50%"), null, 4, 0, 5, 5, 3, 4, 1),
                new Case("maxUnavailable 1 of scale 3", null, new IntOrString(1), 3, 0, 3, 3, 2, 3, 1),
                new Case("maxUnavailable 1 with one down", null, new IntOrString(1), 2, 1, 3, 3, 2, 2, 0),
                new Case("maxUnavailable 30% of 10 rounds up to 3", null, new IntOrString("30%"), 10, 0, 10, 10, 7, 10, 3),
                new Case("no pods expected allows nothing", null, new IntOrString(1), 0, 0, 0, 0, 0, 0, 0))) {
            var outcome = BudgetStatus.of(pdb(c.min(), c.max()), pods(c.ready(), c.unready(), "rs"),
                    p -> Optional.of(new BudgetStatus.Scale("rs", c.scale())));
            BudgetStatus s = ((BudgetStatus.Computed) outcome).status();
            assertEquals(List.of(c.expected(), c.desired(), c.healthy(), c.allowed()),
                    List.of(s.expectedPods(), s.desiredHealthy(), s.currentHealthy(), s.disruptionsAllowed()), c.name());
        }
    }

    @Test
    void unmanagedPodsAreLeftOutOfTheScaleAndNamed() {
        var outcome = (BudgetStatus.Computed) BudgetStatus.of(pdb(null, new IntOrString(1)), pods(2, 0, null),
                p -> Optional.empty());
        assertEquals(List.of("p0", "p1"), outcome.status().unmanagedPods());
        assertEquals(0, outcome.status().expectedPods());
    }

    @Test
    void aMissingControllerFailsTheSync() {
        assertInstanceOf(BudgetStatus.Failed.class, BudgetStatus.of(pdb(null, new IntOrString(1)), pods(1, 0, "gone"),
                p -> Optional.empty()));
    }

    @Test
    void podsTheApiServerEvictedAreNotHealthyUntilSeenGoing() {
        var outcome = (BudgetStatus.Computed) BudgetStatus.of(pdb(new IntOrString(2), null), pods(3, 0, "rs"),
                p -> Optional.of(new BudgetStatus.Scale("rs", 3)), Set.of("p0"));
        assertEquals(2, outcome.status().currentHealthy());
        assertEquals(0, outcome.status().disruptionsAllowed());
    }

    @Test
    void evictionsStayPendingUntilTheirPodGoesOrTwoMinutesPass() {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        List<Pod> pods = new ArrayList<>(pods(2, 0, "rs"));
        pods.add(new PodBuilder().withNewMetadata().withName("leaving").withDeletionTimestamp("2026-11-24T09:59:59Z")
                .endMetadata().build());
        Map<String, String> recorded = Map.of(
                "p0", "2026-11-24T09:59:30Z",       // recent, pod still there: pending
                "p1", "2026-11-24T09:57:00Z",       // three minutes ago: timed out
                "leaving", "2026-11-24T09:59:50Z",  // its deletion is seen
                "gone", "2026-11-24T09:59:50Z");    // its pod is gone
        assertEquals(Map.of("p0", "2026-11-24T09:59:30Z"), BudgetStatus.pendingDisruptions(recorded, pods, now));
        assertEquals(Map.of(), BudgetStatus.pendingDisruptions(null, pods, now));
    }
}

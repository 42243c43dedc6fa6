package io.timonel.plugins.controllers.hpa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NormalizerTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final ScalingRules UP = ScalingRules.up(null);
    private static final ScalingRules DOWN = ScalingRules.down(null, 300);

    @Test
    void scaleUpIsLimitedToFourPodsOrDoublingPerFifteenSeconds() {
        Normalizer n = new Normalizer();
        Normalizer.Decision d = n.normalize(2, 20, 1, 50, UP, DOWN, T0);
        assertEquals(6, d.replicas(), "max(2+4, 2*2)");
        assertEquals("ScaleUpLimit", d.limitReason());
        n.scaled(2, 6, T0);
        assertEquals(6, n.normalize(6, 20, 1, 50, UP, DOWN, T0.plusSeconds(5)).replicas(), "nothing more within the period");
        assertEquals(12, n.normalize(6, 20, 1, 50, UP, DOWN, T0.plusSeconds(16)).replicas(), "then doubling again");
    }

    @Test
    void maxReplicasCaps() {
        Normalizer.Decision d = new Normalizer().normalize(2, 20, 1, 5, UP, DOWN, T0);
        assertEquals(5, d.replicas());
        assertEquals("TooManyReplicas", d.limitReason());
        assertEquals(true, d.limited());
    }

    @Test
    void scaleDownWaitsForTheStabilizationWindow() {
        Normalizer n = new Normalizer();
        Normalizer.Decision first = n.normalize(10, 2, 1, 20, UP, DOWN, T0);
        assertEquals(10, first.replicas(), "the controller's first look counts the current size as a recommendation");
        assertEquals("ScaleDownStabilized", first.stabilizeReason());
        assertEquals(10, n.normalize(10, 2, 1, 20, UP, DOWN, T0.plusSeconds(299)).replicas());
        assertEquals(2, n.normalize(10, 2, 1, 20, UP, DOWN, T0.plusSeconds(301)).replicas());
    }

    @Test
    void policiesAndSelectPolicyFromBehavior() {
        ScalingRules slowDown = new ScalingRules(0, "Max", List.of(new ScalingRules.Policy("Pods", 1, 60)));
        Normalizer n = new Normalizer();
        Normalizer.Decision d = n.normalize(10, 2, 1, 20, UP, slowDown, T0);
        assertEquals(9, d.replicas());
        assertEquals("ScaleDownLimit", d.limitReason());
        ScalingRules disabled = new ScalingRules(0, "Disabled", List.of(new ScalingRules.Policy("Pods", 1, 60)));
        assertEquals(10, new Normalizer().normalize(10, 2, 1, 20, UP, disabled, T0).replicas());
    }

    @Test
    void withinRangeIsNotLimited() {
        Normalizer.Decision d = new Normalizer().normalize(4, 5, 1, 10, UP, DOWN, T0);
        assertEquals(5, d.replicas());
        assertEquals("DesiredWithinRange", d.limitReason());
        assertEquals("ReadyForNewScale", d.stabilizeReason());
    }
}

package io.timonel.plugins.controllers.daemonset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DaemonSetBoundsTest {
    private static IntOrString bound(String v) {
        return v == null ? null : v.endsWith("%") ? new IntOrString(v) : new IntOrString(Integer.parseInt(v));
    }

    @ParameterizedTest(name = "surge {0}, unavailable {1} over {2} nodes -> {3}/{4}")
    @CsvSource({
            ", , 10, 0, 1",          // defaults: one node at a time
            "0, 10%, 10, 0, 1",
            "0, 15%, 10, 0, 2",      // both round up for DaemonSets
            "20%, 0, 10, 2, 0",
            "0, 0, 4, 0, 1",         // both zero: one may be unavailable
            "1, 0, 3, 1, 0",
    })
    void rollingBoundsRoundUpAgainstDesiredNodes(String surge, String unavailable, int nodes, int wantSurge,
                                                 int wantUnavailable) {
        DaemonSet ds = new DaemonSetBuilder().withNewSpec().withNewUpdateStrategy().withType("RollingUpdate")
                .withNewRollingUpdate().withMaxSurge(bound(surge)).withMaxUnavailable(bound(unavailable))
                .endRollingUpdate().endUpdateStrategy().endSpec().build();
        assertArrayEquals(new int[] {wantSurge, wantUnavailable}, DaemonSetLoop.bounds(ds, nodes));
    }
}

package io.timonel.plugins.controllers.replicaset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeletionRankTest {

    /** A pod: node ("" unscheduled), phase, ready since (null: not ready), restarts, created, cost. */
    private static Pod pod(String name, String node, String phase, String readySince, int restarts, String created,
                           String cost) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withCreationTimestamp(created)
                .withAnnotations(cost == null ? null : Map.of("controller.kubernetes.io/pod-deletion-cost", cost))
                .endMetadata().withNewSpec().withNodeName(node.isEmpty() ? null : node).endSpec()
                .withNewStatus().withPhase(phase)
                .withContainerStatuses(new ContainerStatusBuilder().withName("c").withRestartCount(restarts).build())
                .endStatus();
        if (readySince != null) {
            b.editStatus().withConditions(new PodConditionBuilder().withType("Ready").withStatus("True")
                    .withLastTransitionTime(readySince).build()).endStatus();
        }
        return b.build();
    }

    private static final String T0 = "2026-01-01T00:00:00Z";
    private static final String T1 = "2026-01-01T00:01:00Z";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("unscheduled before scheduled",
                        pod("a", "", "Pending", null, 0, T0, null), pod("b", "n1", "Pending", null, 0, T0, null)),
                Arguments.of("pending before running",
                        pod("a", "n1", "Pending", null, 0, T0, null), pod("b", "n2", "Running", null, 0, T0, null)),
                Arguments.of("unknown before running",
                        pod("a", "n1", "Unknown", null, 0, T0, null), pod("b", "n2", "Running", null, 0, T0, null)),
                Arguments.of("not ready before ready",
                        pod("a", "n1", "Running", null, 0, T0, null), pod("b", "n2", "Running", T0, 0, T0, null)),
                Arguments.of("lower deletion cost first",
                        pod("a", "n1", "Running", T0, 0, T0, "-5"), pod("b", "n2", "Running", T0, 0, T0, "10")),
                Arguments.of("ready for less time first",
                        pod("a", "n1", "Running", T1, 0, T0, null), pod("b", "n2", "Running", T0, 0, T0, null)),
                Arguments.of("more restarts first",
                        pod("a", "n1", "Running", T0, 3, T0, null), pod("b", "n2", "Running", T0, 1, T0, null)),
                Arguments.of("newer first",
                        pod("a", "n1", "Running", T0, 0, T1, null), pod("b", "n2", "Running", T0, 0, T0, null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void deletesTheLessValuablePodFirst(String rule, Pod first, Pod second) {
        assertEquals("a", DeletionRank.victims(List.of(second, first), 1).get(0).getMetadata().getName(), rule);
        assertEquals("a", DeletionRank.victims(List.of(first, second), 1).get(0).getMetadata().getName(), rule);
    }

    @org.junit.jupiter.api.Test
    void podsCrowdedOnOneNodeGoBeforeALonePod() {
        Pod lone = pod("lone", "n1", "Running", T0, 0, T1, null);
        Pod crowded1 = pod("crowded1", "n2", "Running", T0, 0, T0, null);
        Pod crowded2 = pod("crowded2", "n2", "Running", T0, 0, T0, null);
        List<Pod> victims = DeletionRank.victims(List.of(lone, crowded1, crowded2), 2);
        assertEquals(List.of("crowded1", "crowded2"),
                victims.stream().map(p -> p.getMetadata().getName()).sorted().toList());
    }
}

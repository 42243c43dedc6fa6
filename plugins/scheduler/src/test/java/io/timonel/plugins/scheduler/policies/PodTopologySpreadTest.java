package io.timonel.plugins.scheduler.policies;

import static io.timonel.plugins.scheduler.policies.Fixtures.node;
import static io.timonel.plugins.scheduler.policies.Fixtures.pod;
import static io.timonel.plugins.scheduler.policies.Fixtures.state;
import static io.timonel.plugins.scheduler.policies.Fixtures.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.Status;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Zone a holds two app=web pods (on a1), zone b none; c1 has no zone label. */
class PodTopologySpreadTest {

    private static final String ZONE = "topology.kubernetes.io/zone";

    private static PodInfo web(String name) {
        return pod(name, "100m", b -> b.editMetadata().withLabels(Map.of("app", "web")).endMetadata());
    }

    private static PodInfo spreading(int maxSkew, String when, Integer minDomains) {
        TopologySpreadConstraint c = new TopologySpreadConstraint(new LabelSelector(null, Map.of("app", "web")), null, maxSkew,
                minDomains, null, null, ZONE, when);
        return pod("new", "100m", b -> b.editMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .editSpec().withTopologySpreadConstraints(c).endSpec());
    }

    private static final List<NodeInfo> NODES = List.of(
            with(node("a1", "4", "8Gi", Map.of(ZONE, "a")), web("w1"), web("w2")),
            node("b1", "4", "8Gi", Map.of(ZONE, "b")),
            node("c1"));

    static Stream<Arguments> cases() {
        Status.Code ok = Status.Code.SUCCESS;
        Status.Code no = Status.Code.UNSCHEDULABLE;
        Status.Code never = Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE;
        return Stream.of(
                Arguments.of("maxSkew 1 sends it to the empty zone", spreading(1, "DoNotSchedule", null), Map.of("a1", no, "b1", ok, "c1", never)),
                Arguments.of("maxSkew 3 allows the full zone", spreading(3, "DoNotSchedule", null), Map.of("a1", ok, "b1", ok, "c1", never)),
                Arguments.of("minDomains above the domains counts the minimum as 0", spreading(2, "DoNotSchedule", 3),
                        Map.of("a1", no, "b1", ok, "c1", never)),
                Arguments.of("ScheduleAnyway does not filter", spreading(1, "ScheduleAnyway", null), Map.of("a1", ok, "b1", ok, "c1", ok)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filterKeepsSkewWithinMaxSkew(String name, PodInfo pod, Map<String, Status.Code> expected) {
        Fixtures.FakeHandle handle = new Fixtures.FakeHandle(NODES);
        PodTopologySpread policy = new PodTopologySpread(handle, PodTopologySpread.SYSTEM_DEFAULTS);
        CycleState state = state();
        Status pre = policy.preFilter(state, pod, handle.snapshot());
        Map<String, Status.Code> got = new TreeMap<>();
        for (NodeInfo n : NODES) {
            got.put(n.name(), pre.isSkip() ? Status.Code.SUCCESS : policy.filter(state, pod, n).code());
        }
        assertEquals(new TreeMap<>(expected), got);
    }

    @Test
    void scheduleAnywayScoresTheEmptierZoneHigher() {
        PodInfo pod = spreading(1, "ScheduleAnyway", null);
        List<NodeInfo> zoned = NODES.subList(0, 2);
        Fixtures.FakeHandle handle = new Fixtures.FakeHandle(zoned);
        PodTopologySpread policy = new PodTopologySpread(handle, PodTopologySpread.SYSTEM_DEFAULTS);
        CycleState state = state();
        assertEquals(Status.Code.SUCCESS, policy.preScore(state, pod, zoned).code());
        long[] raw = {policy.score(state, pod, zoned.get(0)), policy.score(state, pod, zoned.get(1))};
        io.timonel.spi.scheduler.NodeScores scores = new io.timonel.spi.scheduler.NodeScores(zoned.toArray(NodeInfo[]::new), raw, 2);
        policy.normalize(state, pod, scores);
        assertTrue(scores.get(1) > scores.get(0), "b1 " + scores.get(1) + " vs a1 " + scores.get(0));
    }

    @Test
    void podsWithoutConstraintsOrControllerSkip() {
        PodTopologySpread policy = new PodTopologySpread(new Fixtures.FakeHandle(NODES), PodTopologySpread.SYSTEM_DEFAULTS);
        assertTrue(policy.preFilter(state(), web("x"), null).isSkip());
        assertTrue(policy.preScore(state(), web("x"), NODES).isSkip());
    }
}

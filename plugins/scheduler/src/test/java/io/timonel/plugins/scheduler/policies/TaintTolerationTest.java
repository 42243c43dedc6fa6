package io.timonel.plugins.scheduler.policies;

import static io.timonel.plugins.scheduler.policies.Fixtures.node;
import static io.timonel.plugins.scheduler.policies.Fixtures.pod;
import static io.timonel.plugins.scheduler.policies.Fixtures.state;
import static io.timonel.plugins.scheduler.policies.Fixtures.taint;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Toleration;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaintTolerationTest {

    private static PodInfo tolerating(Toleration... tolerations) {
        return pod("p", "100m", b -> b.editSpec().withTolerations(tolerations).endSpec());
    }

    static Stream<Arguments> filterCases() {
        NodeInfo gpu = node("n", "4", "8Gi", Map.of(), taint("dedicated", "gpu", "NoSchedule"));
        NodeInfo draining = node("n", "4", "8Gi", Map.of(), taint("drain", "", "NoExecute"));
        NodeInfo soft = node("n", "4", "8Gi", Map.of(), taint("soft", "x", "PreferNoSchedule"));
        return Stream.of(
                Arguments.of("untainted node", node("n"), pod("p", "1"), List.of()),
                Arguments.of("untolerated NoSchedule", gpu, pod("p", "1"), List.of("node(s) had untolerated taint {dedicated: gpu}")),
                Arguments.of("tolerated by Equal", gpu, tolerating(new Toleration("NoSchedule", "dedicated", "Equal", null, "gpu")), List.of()),
                Arguments.of("Equal with another value", gpu, tolerating(new Toleration("NoSchedule", "dedicated", "Equal", null, "cpu")),
                        List.of("node(s) had untolerated taint {dedicated: gpu}")),
                Arguments.of("tolerated by Exists on the key", gpu, tolerating(new Toleration(null, "dedicated", "Exists", null, null)), List.of()),
                Arguments.of("tolerated by an empty key with Exists", gpu, tolerating(new Toleration(null, null, "Exists", null, null)), List.of()),
                Arguments.of("toleration for another effect", gpu, tolerating(new Toleration("NoExecute", "dedicated", "Exists", null, null)),
                        List.of("node(s) had untolerated taint {dedicated: gpu}")),
                Arguments.of("untolerated NoExecute", draining, pod("p", "1"), List.of("node(s) had untolerated taint {drain: }")),
                Arguments.of("PreferNoSchedule does not filter", soft, pod("p", "1"), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filterCases")
    void filterRejectsUntoleratedHardTaints(String name, NodeInfo node, PodInfo pod, List<String> reasons) {
        assertEquals(reasons, new TaintToleration().filter(state(), pod, node).reasons());
    }

    static Stream<Arguments> scoreCases() {
        NodeInfo soft = node("n", "4", "8Gi", Map.of(), taint("soft", "x", "PreferNoSchedule"), taint("other", "y", "PreferNoSchedule"));
        return Stream.of(
                Arguments.of("no taints", node("n"), pod("p", "1"), 0L),
                Arguments.of("two untolerated PreferNoSchedule", soft, pod("p", "1"), 2L),
                Arguments.of("one tolerated", soft, tolerating(new Toleration("PreferNoSchedule", "soft", "Exists", null, null)), 1L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scoreCases")
    void scoreCountsUntoleratedPreferNoSchedule(String name, NodeInfo node, PodInfo pod, long expected) {
        assertEquals(expected, new TaintToleration().score(state(), pod, node));
    }
}

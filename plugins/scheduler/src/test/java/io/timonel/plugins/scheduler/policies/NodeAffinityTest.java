package io.timonel.plugins.scheduler.policies;

import static io.timonel.plugins.scheduler.policies.Fixtures.node;
import static io.timonel.plugins.scheduler.policies.Fixtures.pod;
import static io.timonel.plugins.scheduler.policies.Fixtures.state;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.Status;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeAffinityTest {

    private static final NodeInfo SSD = node("n", "4", "8Gi", Map.of("disk", "ssd", "gen", "5"));

    private static NodeSelectorTerm term(String key, String op, String... values) {
        return new NodeSelectorTerm(List.of(new NodeSelectorRequirement(key, op, List.of(values))), null);
    }

    private static PodInfo required(NodeSelectorTerm... terms) {
        return pod("p", "1", b -> b.editSpec().withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withNodeSelectorTerms(terms).endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec());
    }

    static Stream<Arguments> filterCases() {
        return Stream.of(
                Arguments.of("nothing required", pod("p", "1"), Status.Code.SUCCESS),
                Arguments.of("nodeSelector matches", pod("p", "1", b -> b.editSpec().withNodeSelector(Map.of("disk", "ssd")).endSpec()), Status.Code.SUCCESS),
                Arguments.of("nodeSelector differs", pod("p", "1", b -> b.editSpec().withNodeSelector(Map.of("disk", "hdd")).endSpec()),
                        Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE),
                Arguments.of("In matches", required(term("disk", "In", "ssd", "nvme")), Status.Code.SUCCESS),
                Arguments.of("NotIn excludes", required(term("disk", "NotIn", "ssd")), Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE),
                Arguments.of("Exists", required(term("gen", "Exists")), Status.Code.SUCCESS),
                Arguments.of("DoesNotExist", required(term("gen", "DoesNotExist")), Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE),
                Arguments.of("Gt", required(term("gen", "Gt", "4")), Status.Code.SUCCESS),
                Arguments.of("Lt", required(term("gen", "Lt", "4")), Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE),
                Arguments.of("terms are ORed", required(term("disk", "In", "hdd"), term("gen", "In", "5")), Status.Code.SUCCESS),
                Arguments.of("matchFields on the name", required(new NodeSelectorTerm(null,
                        List.of(new NodeSelectorRequirement("metadata.name", "In", List.of("n"))))), Status.Code.SUCCESS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filterCases")
    void filterAppliesNodeSelectorAndRequiredAffinity(String name, PodInfo pod, Status.Code code) {
        assertEquals(code, new NodeAffinity().filter(state(), pod, SSD).code());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scoreCases")
    void scoreSumsTheWeightsOfMatchingPreferredTerms(String name, PodInfo pod, long expected) {
        assertEquals(expected, new NodeAffinity().score(state(), pod, SSD));
    }

    static Stream<Arguments> scoreCases() {
        PodBuilder base = new PodBuilder();
        return Stream.of(
                Arguments.of("no preferences", pod("p", "1"), 0L),
                Arguments.of("two of three terms match", pod("p", "1", b -> b.editSpec().withNewAffinity().withNewNodeAffinity()
                        .withPreferredDuringSchedulingIgnoredDuringExecution(
                                new PreferredSchedulingTerm(term("disk", "In", "ssd"), 5),
                                new PreferredSchedulingTerm(term("gen", "Gt", "3"), 7),
                                new PreferredSchedulingTerm(term("disk", "In", "hdd"), 11))
                        .endNodeAffinity().endAffinity().endSpec()), 12L));
    }
}

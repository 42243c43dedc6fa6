package io.timonel.plugins.scheduler.policies;

import static io.timonel.plugins.scheduler.policies.Fixtures.node;
import static io.timonel.plugins.scheduler.policies.Fixtures.pod;
import static io.timonel.plugins.scheduler.policies.Fixtures.state;
import static io.timonel.plugins.scheduler.policies.Fixtures.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.Status;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Zones: a1, a2 in zone a; b1 in zone b. A pod labelled app=db runs on a1. */
class InterPodAffinityTest {

    private static final String ZONE = "topology.kubernetes.io/zone";

    private static PodAffinityTerm term(String app, String key) {
        return new PodAffinityTerm(new LabelSelector(null, Map.of("app", app)), null, null, null, null, key);
    }

    private static PodInfo labelled(String name, String app, UnaryOperator<PodBuilder> more) {
        return pod(name, "100m", b -> more.apply(b.editMetadata().withLabels(Map.of("app", app)).endMetadata()));
    }

    private static List<NodeInfo> cluster(PodInfo onA1) {
        return List.of(with(node("a1", "4", "8Gi", Map.of(ZONE, "a")), onA1), node("a2", "4", "8Gi", Map.of(ZONE, "a")),
                node("b1", "4", "8Gi", Map.of(ZONE, "b")));
    }

    private static Map<String, Status.Code> filterAll(PodInfo pod, List<NodeInfo> nodes) {
        Fixtures.FakeHandle handle = new Fixtures.FakeHandle(nodes);
        InterPodAffinity policy = new InterPodAffinity(handle, 1);
        CycleState state = state();
        Status pre = policy.preFilter(state, pod, handle.snapshot());
        Map<String, Status.Code> out = new java.util.TreeMap<>();
        for (NodeInfo n : nodes) {
            out.put(n.name(), pre.isSkip() ? Status.Code.SUCCESS : policy.filter(state, pod, n).code());
        }
        return out;
    }

    static Stream<Arguments> filterCases() {
        PodInfo db = labelled("db", "db", b -> b);
        PodInfo dbAvoidingWeb = labelled("db", "db", b -> b.editSpec().withNewAffinity().withNewPodAntiAffinity()
                .withRequiredDuringSchedulingIgnoredDuringExecution(term("web", ZONE)).endPodAntiAffinity().endAffinity().endSpec());
        Status.Code ok = Status.Code.SUCCESS;
        Status.Code no = Status.Code.UNSCHEDULABLE;
        Status.Code never = Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE;
        return Stream.of(
                Arguments.of("no affinity anywhere", labelled("web", "web", b -> b), cluster(db), Map.of("a1", ok, "a2", ok, "b1", ok)),
                Arguments.of("required affinity to db's zone", labelled("web", "web", b -> b.editSpec().withNewAffinity().withNewPodAffinity()
                        .withRequiredDuringSchedulingIgnoredDuringExecution(term("db", ZONE)).endPodAffinity().endAffinity().endSpec()),
                        cluster(db), Map.of("a1", ok, "a2", ok, "b1", never)),
                Arguments.of("required anti-affinity to db's zone", labelled("web", "web", b -> b.editSpec().withNewAffinity().withNewPodAntiAffinity()
                        .withRequiredDuringSchedulingIgnoredDuringExecution(term("db", ZONE)).endPodAntiAffinity().endAffinity().endSpec()),
                        cluster(db), Map.of("a1", no, "a2", no, "b1", ok)),
                Arguments.of("existing pod's anti-affinity keeps web out of its zone", labelled("web", "web", b -> b), cluster(dbAvoidingWeb),
                        Map.of("a1", no, "a2", no, "b1", ok)),
                Arguments.of("first pod of a self-affine group may land anywhere", labelled("cache", "cache", b -> b.editSpec().withNewAffinity()
                        .withNewPodAffinity().withRequiredDuringSchedulingIgnoredDuringExecution(term("cache", ZONE)).endPodAffinity()
                        .endAffinity().endSpec()), cluster(db), Map.of("a1", ok, "a2", ok, "b1", ok)),
                Arguments.of("other namespaces do not count", labelled("web", "web", b -> b.editMetadata().withNamespace("other").endMetadata()
                        .editSpec().withNewAffinity().withNewPodAntiAffinity().withRequiredDuringSchedulingIgnoredDuringExecution(term("db", ZONE))
                        .endPodAntiAffinity().endAffinity().endSpec()), cluster(db), Map.of("a1", ok, "a2", ok, "b1", ok)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filterCases")
    void filterHonoursRequiredTermsByTopologyDomain(String name, PodInfo pod, List<NodeInfo> nodes, Map<String, Status.Code> expected) {
        assertEquals(new java.util.TreeMap<>(expected), filterAll(pod, nodes));
    }

    @Test
    void preferredAffinityScoresTheDomainOfMatchingPods() {
        PodInfo web = labelled("web", "web", b -> b.editSpec().withNewAffinity().withNewPodAffinity()
                .withPreferredDuringSchedulingIgnoredDuringExecution(new WeightedPodAffinityTerm(term("db", ZONE), 10))
                .endPodAffinity().endAffinity().endSpec());
        List<NodeInfo> nodes = cluster(labelled("db", "db", b -> b));
        Fixtures.FakeHandle handle = new Fixtures.FakeHandle(nodes);
        InterPodAffinity policy = new InterPodAffinity(handle, 1);
        CycleState state = state();
        assertEquals(Status.Code.SUCCESS, policy.preScore(state, web, nodes).code());
        assertEquals(10, policy.score(state, web, nodes.get(1)));
        assertEquals(0, policy.score(state, web, nodes.get(2)));
    }

    @Test
    void preferredAntiAffinityScoresTheDomainDown() {
        PodInfo web = labelled("web", "web", b -> b.editSpec().withNewAffinity().withNewPodAntiAffinity()
                .withPreferredDuringSchedulingIgnoredDuringExecution(new WeightedPodAffinityTerm(term("db", ZONE), 10))
                .endPodAntiAffinity().endAffinity().endSpec());
        List<NodeInfo> nodes = cluster(labelled("db", "db", b -> b));
        InterPodAffinity policy = new InterPodAffinity(new Fixtures.FakeHandle(nodes), 1);
        CycleState state = state();
        policy.preScore(state, web, nodes);
        assertTrue(policy.score(state, web, nodes.get(0)) < policy.score(state, web, nodes.get(2)));
    }
}

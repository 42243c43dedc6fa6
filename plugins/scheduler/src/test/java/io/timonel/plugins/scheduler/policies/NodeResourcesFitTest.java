package io.timonel.plugins.scheduler.policies;

import static io.timonel.plugins.scheduler.policies.Fixtures.node;
import static io.timonel.plugins.scheduler.policies.Fixtures.pod;
import static io.timonel.plugins.scheduler.policies.Fixtures.state;
import static io.timonel.plugins.scheduler.policies.Fixtures.with;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Quantity;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeResourcesFitTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final NodeResourcesFit LEAST = NodeResourcesFit.fromArgs(JSON.createObjectNode());

    static Stream<Arguments> filterCases() {
        NodeInfo busy = with(node("n", "4", "8Gi", Map.of()), pod("a", "3"));
        return Stream.of(
                Arguments.of("fits on an empty node", node("n"), pod("p", "1"), List.of()),
                Arguments.of("fits exactly", busy, pod("p", "1"), List.of()),
                Arguments.of("too much cpu", busy, pod("p", "1500m"), List.of("Insufficient cpu")),
                Arguments.of("too much memory", node("n"), pod("p", null, b -> b.editSpec().editFirstContainer()
                        .editResources().addToRequests("memory", new Quantity("9Gi")).endResources().endContainer().endSpec()),
                        List.of("Insufficient memory")),
                Arguments.of("cpu and memory both short", busy, pod("p", "2", b -> b.editSpec().editFirstContainer()
                        .editResources().addToRequests("memory", new Quantity("9Gi")).endResources().endContainer().endSpec()),
                        List.of("Insufficient cpu", "Insufficient memory")),
                Arguments.of("init container larger than the app counts", busy, pod("p", "100m", b -> b.editSpec()
                        .addNewInitContainer().withName("i").withImage("i").withNewResources()
                        .addToRequests("cpu", new Quantity("2")).endResources().endInitContainer().endSpec()),
                        List.of("Insufficient cpu")),
                Arguments.of("overhead counts", busy, pod("p", "900m", b -> b.editSpec()
                        .withOverhead(Map.of("cpu", new Quantity("200m"))).endSpec()), List.of("Insufficient cpu")),
                Arguments.of("extended resource missing", node("n"), pod("p", null, b -> b.editSpec().editFirstContainer()
                        .editResources().addToRequests("example.com/gpu", new Quantity("1")).endResources().endContainer()
                        .endSpec()), List.of("Insufficient example.com/gpu")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filterCases")
    void filterReportsEveryShortResource(String name, NodeInfo node, PodInfo pod, List<String> reasons) {
        assertEquals(reasons, LEAST.filter(state(), pod, node).reasons());
    }

    static Stream<Arguments> scoreCases() {
        NodeInfo empty = node("n", "4", "8Gi", Map.of());
        NodeInfo half = with(node("n", "4", "8Gi", Map.of()), pod("a", "2", b -> b.editSpec().editFirstContainer()
                .editResources().addToRequests("memory", new Quantity("4Gi")).endResources().endContainer().endSpec()));
        PodInfo p = pod("p", "1", b -> b.editSpec().editFirstContainer()
                .editResources().addToRequests("memory", new Quantity("2Gi")).endResources().endContainer().endSpec());
        return Stream.of(
                Arguments.of("least allocated prefers the empty node", "{}", empty, p, 75L),
                Arguments.of("least allocated scores a half-full node lower", "{}", half, p, 25L),
                Arguments.of("most allocated prefers the fuller node", "{\"scoringStrategy\":{\"type\":\"MostAllocated\"}}", half, p, 75L),
                Arguments.of("most allocated scores the empty node low", "{\"scoringStrategy\":{\"type\":\"MostAllocated\"}}", empty, p, 25L),
                Arguments.of("requested-to-capacity ratio follows its shape",
                        "{\"scoringStrategy\":{\"type\":\"RequestedToCapacityRatio\",\"requestedToCapacityRatio\":"
                                + "{\"shape\":[{\"utilization\":0,\"score\":0},{\"utilization\":100,\"score\":10}]}}}", half, p, 75L),
                Arguments.of("weights favour one resource", "{\"scoringStrategy\":{\"type\":\"LeastAllocated\",\"resources\":"
                        + "[{\"name\":\"cpu\",\"weight\":3},{\"name\":\"memory\",\"weight\":1}]}}", empty, p, 75L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scoreCases")
    void scoreFollowsTheStrategy(String name, String args, NodeInfo node, PodInfo pod, long expected) throws Exception {
        assertEquals(expected, NodeResourcesFit.fromArgs(JSON.readTree(args)).score(state(), pod, node));
    }
}

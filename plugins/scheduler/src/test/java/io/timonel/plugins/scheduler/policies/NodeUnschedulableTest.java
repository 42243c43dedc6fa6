package io.timonel.plugins.scheduler.policies;

import static io.timonel.plugins.scheduler.policies.Fixtures.node;
import static io.timonel.plugins.scheduler.policies.Fixtures.pod;
import static io.timonel.plugins.scheduler.policies.Fixtures.state;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.Status;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeUnschedulableTest {

    private static final NodeInfo CORDONED = NodeInfo.of(new NodeBuilder(node("n").node()).editSpec().withUnschedulable(true)
            .endSpec().build());

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("schedulable node", node("n"), pod("p", "1"), Status.Code.SUCCESS),
                Arguments.of("cordoned node", CORDONED, pod("p", "1"), Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE),
                Arguments.of("cordoned node, pod tolerates it", CORDONED, pod("p", "1", b -> b.editSpec().withTolerations(
                        new Toleration("NoSchedule", "node.kubernetes.io/unschedulable", "Exists", null, null)).endSpec()),
                        Status.Code.SUCCESS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void cordonedNodesTakeOnlyToleratingPods(String name, NodeInfo node, PodInfo pod, Status.Code code) {
        assertEquals(code, new NodeUnschedulable().filter(state(), pod, node).code());
    }
}

package io.timonel.plugins.scheduler.policies;

import static io.timonel.plugins.scheduler.policies.Fixtures.node;
import static io.timonel.plugins.scheduler.policies.Fixtures.pod;
import static io.timonel.plugins.scheduler.policies.Fixtures.state;
import static io.timonel.plugins.scheduler.policies.Fixtures.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.QueuedPod;
import io.timonel.spi.scheduler.Status;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodePortsTest {

    private static PodInfo hostPort(String name, int port, String protocol) {
        return pod(name, "100m", b -> b.editSpec().editFirstContainer()
                .withPorts(new ContainerPort(80, null, port, null, protocol)).endContainer().endSpec());
    }

    static Stream<Arguments> portCases() {
        NodeInfo taken = with(node("n"), hostPort("a", 8080, "TCP"));
        return Stream.of(
                Arguments.of("free port", taken, hostPort("p", 9090, "TCP"), Status.Code.SUCCESS),
                Arguments.of("same port and protocol", taken, hostPort("p", 8080, "TCP"), Status.Code.UNSCHEDULABLE),
                Arguments.of("same port, other protocol", taken, hostPort("p", 8080, "UDP"), Status.Code.SUCCESS),
                Arguments.of("port freed when its pod leaves", taken.withoutPod(hostPort("a", 8080, "TCP").uid()),
                        hostPort("p", 8080, "TCP"), Status.Code.SUCCESS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("portCases")
    void hostPortsConflictByProtocolAndPort(String name, NodeInfo node, PodInfo pod, Status.Code code) {
        NodePorts policy = new NodePorts();
        CycleState state = state();
        assertEquals(Status.Code.SUCCESS, policy.preFilter(state, pod, null).code());
        assertEquals(code, policy.filter(state, pod, node).code());
    }

    @Test
    void podWithoutHostPortsSkipsTheFilter() {
        assertTrue(new NodePorts().preFilter(state(), pod("p", "1"), null).isSkip());
    }
}

package io.timonel.plugins.scheduler.policies;

import static io.timonel.plugins.scheduler.policies.Fixtures.node;
import static io.timonel.plugins.scheduler.policies.Fixtures.pod;
import static io.timonel.plugins.scheduler.policies.Fixtures.state;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.Status;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeNameTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("no node named", pod("p", "1"), Status.Code.SUCCESS),
                Arguments.of("this node named", pod("p", "1", b -> b.editSpec().withNodeName("n").endSpec()), Status.Code.SUCCESS),
                Arguments.of("another node named", pod("p", "1", b -> b.editSpec().withNodeName("m").endSpec()),
                        Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void podFitsOnlyTheNodeItNames(String name, PodInfo pod, Status.Code code) {
        assertEquals(code, new NodeName().filter(state(), pod, node("n")).code());
    }
}

package io.timonel.plugins.nodeagent.runtimeconn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.plugins.nodeagent.testing.FakeClock;
import io.timonel.plugins.nodeagent.testing.FakeRuntime;
import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.ContainerRuntimeProvider;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeSupervisorTest {
    final FakeRuntime fake = new FakeRuntime(new FakeClock());
    final List<String> seen = new ArrayList<>();
    final List<ContainerRuntimeProvider> providers = new ArrayList<>();
    boolean reachable;
    final RuntimeConnection connection = new RuntimeConnection("docker");
    final RuntimeSupervisor supervisor = new RuntimeSupervisor(connection, () -> providers, Map.of(),
            new RuntimeSupervisor.Listener() {
                @Override
                public void runtimeUp(boolean first) {
                    seen.add("up " + first);
                }

                @Override
                public void runtimeDown(String why) {
                    seen.add("down");
                }
            });

    private ContainerRuntimeProvider provider(String name) {
        return new ContainerRuntimeProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ContainerRuntime open(Map<String, String> settings) {
                if (!reachable) {
                    throw new RuntimeUnavailableException("connection refused");
                }
                return fake;
            }
        };
    }

    @Test
    void withoutAProviderOfThatNameTheRuntimeStaysDown() {
        providers.add(provider("containerd"));
        assertFalse(supervisor.check());
        assertFalse(connection.isUp());
        assertThrows(RuntimeUnavailableException.class, connection::listContainers);
    }

    @Test
    void anUnreachableRuntimeIsTriedAgainUntilItAnswers() {
        providers.add(provider("docker"));
        assertFalse(supervisor.check());
        reachable = true;
        assertTrue(supervisor.check());
        assertEquals("fake://1.0", connection.version());
        assertTrue(supervisor.check());
        assertEquals(List.of("up true"), seen);
    }

    @Test
    void aRuntimeThatStopsAnsweringIsDroppedAndReconnected() {
        providers.add(provider("docker"));
        reachable = true;
        supervisor.check();
        fake.down = true;
        assertFalse(supervisor.check());
        assertFalse(connection.isUp());
        fake.down = false;
        assertTrue(supervisor.check());
        assertEquals(List.of("up true", "down", "up false"), seen);
    }
}

package io.timonel.plugins.nodeagent.pods;

import static io.timonel.plugins.nodeagent.pods.PodSyncHarness.pod;
import static io.timonel.plugins.nodeagent.pods.PodSyncHarness.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentPodLocatorTest {
    @TempDir
    Path dir;
    PodSyncHarness h;
    AgentPodLocator locator;

    @BeforeEach
    void setUp() {
        h = new PodSyncHarness(dir);
        locator = new AgentPodLocator((ns, name) -> h.pod != null && name.equals(h.pod.getMetadata().getName())
                ? h.pod : null, h.view);
    }

    @Test
    void findsTheCurrentAndThePreviousInstanceOfAContainer() {
        h.pod = pod("two", "Always", spec("app"), spec("helper")).build();
        h.sync();
        String first = h.runtime.latest("helper").id();
        h.runtime.exit(first, 1);
        h.sync();
        String second = h.runtime.latest("helper").id();
        assertEquals(Optional.of(second), locator.containerId("default", "two", "helper", false));
        assertEquals(Optional.of(first), locator.containerId("default", "two", "helper", true));
        assertEquals(Optional.empty(), locator.containerId("default", "two", "app", true));
        assertEquals(Optional.empty(), locator.containerId("default", "other", "app", false));
    }

    @Test
    void noContainerNameMeansTheAnnotatedDefaultElseTheFirst() {
        h.pod = pod("two", "Always", spec("app"), spec("helper")).build();
        h.sync();
        assertEquals(Optional.of(h.runtime.latest("app").id()), locator.containerId("default", "two", null, false));
        h.pod = new PodBuilder(h.pod).editMetadata()
                .addToAnnotations("kubectl.kubernetes.io/default-container", "helper").endMetadata().build();
        assertEquals(Optional.of(h.runtime.latest("helper").id()), locator.containerId("default", "two", "", false));
    }

    @Test
    void theAddressIsTheSandboxIpOrLoopbackWithHostNetwork() {
        h.pod = pod("web", "Always", spec("app")).build();
        h.sync();
        assertEquals(Optional.of(h.runtime.sandboxes().get(0).ip()), locator.podAddress("default", "web"));
        h.pod = new PodBuilder(h.pod).editSpec().withHostNetwork(true).endSpec().build();
        assertEquals(Optional.of("127.0.0.1"), locator.podAddress("default", "web"));
        assertTrue(locator.podAddress("default", "nope").isEmpty());
    }

    @Test
    void findsAnEphemeralContainerByNameWhileItRunsAndAfterItExited() {
        h.pod = pod("web", "Always", spec("app")).build();
        h.sync();
        h.addEphemeral(PodSyncHarness.debugger("debugger"));
        h.sync();
        String id = h.runtime.latest("debugger").id();
        assertEquals(Optional.of(id), locator.containerId("default", "web", "debugger", false));
        h.runtime.exit(id, 0);
        h.clock.advance(java.time.Duration.ofMinutes(10));
        h.sync();
        h.sync();
        assertEquals(Optional.of(id), locator.containerId("default", "web", "debugger", false), "kept for kubectl logs");
        assertEquals(Optional.empty(), locator.containerId("default", "web", "debugger", true));
    }
}

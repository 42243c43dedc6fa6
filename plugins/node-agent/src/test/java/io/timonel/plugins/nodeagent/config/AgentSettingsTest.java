package io.timonel.plugins.nodeagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentSettingsTest {

    @Test
    void defaultsAreTheKubeletsWhereItHasThem() {
        AgentSettings s = AgentSettings.from(Map.of());
        assertEquals("docker", s.runtime());
        assertEquals(10250, s.port());
        assertEquals(110, s.maxPods());
        assertNull(s.imagesDir());
        assertEquals("10.96.0.10", s.clusterDns());
        assertEquals(100L << 20, s.eviction().memoryFloor(8L << 30));
        assertEquals(10L << 30, s.eviction().nodefsFloor(100L << 30));
        assertEquals(Duration.ofSeconds(10), s.leaseInterval());
    }

    @Test
    void anEmptyClusterDnsSendsPodsToTheNodesResolver() {
        assertNull(AgentSettings.from(Map.of("clusterDns", "")).clusterDns());
    }

    @Test
    void keysMayBeCamelOrKebabCase() {
        AgentSettings s = AgentSettings.from(Map.of("runtime", "containerd", "max-pods", "20", "imagesDir", "/imgs",
                "clusterDns", "10.96.0.10", "relist-interval", "500ms", "evictionHard", "memory.available<1Gi"));
        assertEquals("containerd", s.runtime());
        assertEquals(20, s.maxPods());
        assertEquals(Path.of("/imgs"), s.imagesDir());
        assertEquals("10.96.0.10", s.clusterDns());
        assertEquals(Duration.ofMillis(500), s.relistInterval());
        assertEquals(1L << 30, s.eviction().memoryFloor(8L << 30));
        assertEquals(0, s.eviction().nodefsFloor(100));
    }

    @Test
    void malformedValuesAreRefusedClearly() {
        assertThrows(IllegalArgumentException.class, () -> AgentSettings.from(Map.of("port", "x")));
        assertThrows(IllegalArgumentException.class, () -> AgentSettings.from(Map.of("statusInterval", "soon")));
        assertThrows(IllegalArgumentException.class, () -> AgentSettings.from(Map.of("evictionHard", "cpu<1")));
    }

    @Test
    void durationsReadLikeGos() {
        assertEquals(Duration.ofSeconds(90), Durations.parse("1m30s"));
        assertEquals(Duration.ofSeconds(7), Durations.parse("7"));
    }
}

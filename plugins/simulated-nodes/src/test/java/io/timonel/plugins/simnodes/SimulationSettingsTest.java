package io.timonel.plugins.simnodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulationSettingsTest {

    @Test
    void emptySettingsMeanNoNodesAndKubeletLikeDefaults() {
        SimulationSettings s = SimulationSettings.from(Map.of());

        assertEquals(0, s.count());
        assertEquals("sim-node-", s.prefix());
        assertEquals("8", s.cpu());
        assertEquals("32Gi", s.memory());
        assertEquals(110, s.podsPerNode());
        assertEquals(Duration.ofSeconds(10), s.heartbeat());
        assertEquals(Duration.ofMinutes(1), s.statusReport());
        assertEquals(Duration.ofSeconds(2), s.jobPodDuration());
        assertEquals(Duration.ZERO, s.startDelay());
        assertEquals(16, s.maxInFlight());
    }

    @Test
    void everyKeyIsRead() {
        SimulationSettings s = SimulationSettings.from(Map.of("count", "5000", "prefix", "kwok-", "cpu", "4",
                "memory", "8Gi", "pods", "250", "heartbeat", "20s", "statusReport", "5m", "jobPodDuration", "100ms",
                "startDelay", "1s", "maxInFlight", "32"));

        assertEquals(new SimulationSettings(5000, "kwok-", "4", "8Gi", "250", Duration.ofSeconds(20),
                Duration.ofMinutes(5), Duration.ofMillis(100), Duration.ofSeconds(1), 32), s);
    }

    @Test
    void aBadValueIsRefusedNamingItsKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimulationSettings.from(Map.of("heartbeat", "often")));
        assertTrue(e.getMessage().contains("controllers.simulated-nodes.heartbeat"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SimulationSettings.from(Map.of("count", "many")));
        assertThrows(IllegalArgumentException.class, () -> SimulationSettings.from(Map.of("count", "-1")));
        assertThrows(IllegalArgumentException.class, () -> SimulationSettings.from(Map.of("heartbeat", "0s")));
    }
}

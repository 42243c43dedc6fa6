package io.timonel.plugins.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.timonel.spi.runtime.ContainerStats;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");

    @Test
    void cgroupV1WorkingSetIsUsageLessTotalInactiveFile() throws Exception {
        ContainerStats s = Stats.of(JSON.readTree("""
                {"read":"2026-11-24T01:02:03.123Z","cpu_stats":{"cpu_usage":{"total_usage":123456789}},
                 "memory_stats":{"usage":10000000,"stats":{"total_inactive_file":4000000,"inactive_file":1}}}"""), NOW);
        assertEquals(Instant.parse("2026-11-24T01:02:03.123Z"), s.time());
        assertEquals(123456789L, s.cpuUsageNanos());
        assertEquals(6000000L, s.memoryWorkingSetBytes());
    }

    @Test
    void cgroupV2WorkingSetIsUsageLessInactiveFile() throws Exception {
        ContainerStats s = Stats.of(JSON.readTree("""
                {"cpu_stats":{"cpu_usage":{"total_usage":5}},"memory_stats":{"usage":300,"stats":{"inactive_file":100}}}"""), NOW);
        assertEquals(200L, s.memoryWorkingSetBytes());
        assertEquals(NOW, s.time());
    }

    @Test
    void aStoppedContainerReadsZeroAtTheCurrentTime() throws Exception {
        ContainerStats s = Stats.of(JSON.readTree("""
                {"read":"0001-01-01T00:00:00Z","cpu_stats":{"cpu_usage":{"total_usage":0}},"memory_stats":{}}"""), NOW);
        assertEquals(new ContainerStats(NOW, 0, 0), s);
    }

    @Test
    void theWorkingSetIsNeverNegative() throws Exception {
        assertEquals(0L, Stats.workingSet(JSON.readTree("{\"usage\":10,\"stats\":{\"total_inactive_file\":20}}")));
    }
}

package io.timonel.plugins.nodeagent.eviction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.timonel.plugins.nodeagent.config.EvictionThresholds;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvictionManagerTest {
    long memAvailable = 1L << 30;
    long fsAvailable = 50L << 30;
    final List<String> evicted = new ArrayList<>();
    final Signals signals = new Signals() {
        @Override
        public long memoryCapacity() {
            return 8L << 30;
        }

        @Override
        public long memoryAvailable() {
            return memAvailable;
        }

        @Override
        public long fsCapacity() {
            return 100L << 30;
        }

        @Override
        public long fsAvailable() {
            return fsAvailable;
        }
    };
    final List<Candidate> pods = List.of(new Candidate("g", "ns/g", "Guaranteed", 900),
            new Candidate("b1", "ns/b1", "Burstable", 100), new Candidate("b2", "ns/b2", "Burstable", 500),
            new Candidate("e", "ns/e", "BestEffort", 10));
    final EvictionManager manager = new EvictionManager(signals, EvictionThresholds.parse(EvictionThresholds.DEFAULT),
            () -> pods, (uid, message) -> evicted.add(uid + ": " + message));

    @Test
    void noPressureEvictsNothing() {
        assertEquals(Pressure.NONE, manager.check());
        assertEquals(List.of(), evicted);
    }

    @Test
    void memoryBelowItsThresholdEvictsBestEffortFirst() {
        memAvailable = 50L << 20;
        assertEquals(new Pressure(true, false, false), manager.check());
        assertEquals(List.of("e: The node was low on resource: memory. Threshold quantity: 102400Ki, available: 51200Ki. "),
                evicted);
    }

    @Test
    void diskBelowTenPercentIsDiskPressure() {
        fsAvailable = 5L << 30;
        assertEquals(new Pressure(false, true, false), manager.check());
    }

    @Test
    void withinAClassTheLargestUserGoesFirst() {
        List<Candidate> order = EvictionRanking.order(pods);
        assertEquals(List.of("e", "b2", "b1", "g"), order.stream().map(Candidate::uid).toList());
    }
}

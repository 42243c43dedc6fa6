package io.timonel.plugins.nodeagent.eviction;

import io.timonel.plugins.nodeagent.config.EvictionThresholds;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the eviction signals against the hard thresholds: a signal below its threshold puts
 * the node under pressure (its condition turns True) and evicts one pod per check, in
 * {@link EvictionRanking} order, until the signal recovers. Not thread-safe: one caller.
 */
public final class EvictionManager {
    private static final Logger LOG = LoggerFactory.getLogger(EvictionManager.class);

    private final Signals signals;
    private final EvictionThresholds thresholds;
    private final Supplier<List<Candidate>> candidates;
    private final BiConsumer<String, String> evict;
    private volatile Pressure pressure = Pressure.NONE;

    /**
     * @param candidates the running pods that may be evicted
     * @param evict      evicts a pod: its uid and the status message
     */
    public EvictionManager(Signals signals, EvictionThresholds thresholds, Supplier<List<Candidate>> candidates,
                           BiConsumer<String, String> evict) {
        this.signals = signals;
        this.thresholds = thresholds;
        this.candidates = candidates;
        this.evict = evict;
    }

    /** The pressure seen at the last check. */
    public Pressure pressure() {
        return pressure;
    }

    /** Reads the signals, and evicts a pod when one is below its threshold; returns the pressure. */
    public Pressure check() {
        long memAvailable = signals.memoryAvailable();
        long memFloor = thresholds.memoryFloor(signals.memoryCapacity());
        long fsAvailable = signals.fsAvailable();
        long fsFloor = thresholds.nodefsFloor(signals.fsCapacity());
        boolean memory = signals.memoryCapacity() > 0 && memAvailable < memFloor;
        boolean disk = signals.fsCapacity() > 0 && fsAvailable < fsFloor;
        Pressure now = new Pressure(memory, disk, false);
        if (!now.equals(pressure)) {
            LOG.warn("node pressure now {} (memory available {} B, floor {} B; filesystem available {} B, floor {} B)",
                    now, memAvailable, memFloor, fsAvailable, fsFloor);
        }
        pressure = now;
        if (memory || disk) {
            String resource = memory ? "memory" : "ephemeral-storage";
            long floor = memory ? memFloor : fsFloor;
            long available = memory ? memAvailable : fsAvailable;
            List<Candidate> ranked = EvictionRanking.order(candidates.get());
            if (!ranked.isEmpty()) {
                Candidate victim = ranked.get(0);
                String message = "The node was low on resource: " + resource + ". Threshold quantity: "
                        + kib(floor) + ", available: " + kib(available) + ". ";
                LOG.warn("evicting pod {} ({}): {}", victim.name(), victim.qosClass(), message);
                evict.accept(victim.uid(), message);
            }
        }
        return now;
    }

    private static String kib(long bytes) {
        return (bytes / 1024) + "Ki";
    }
}

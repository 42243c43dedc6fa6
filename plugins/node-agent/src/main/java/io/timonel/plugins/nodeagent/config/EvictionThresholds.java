package io.timonel.plugins.nodeagent.config;

import io.fabric8.kubernetes.api.model.Quantity;

/**
 * The hard eviction thresholds, in the kubelet's {@code evictionHard} syntax:
 * {@code memory.available<100Mi,nodefs.available<10%}. A signal below its threshold puts the node
 * under pressure. A threshold is a quantity of bytes or a percentage of the capacity.
 *
 * @param memoryBytes      memory.available as bytes, or -1 when given as a percentage
 * @param memoryPercent    memory.available as a percentage of capacity, or -1
 * @param nodefsBytes      nodefs.available as bytes, or -1 when given as a percentage
 * @param nodefsPercent    nodefs.available as a percentage of capacity, or -1
 */
public record EvictionThresholds(long memoryBytes, double memoryPercent, long nodefsBytes, double nodefsPercent) {
    public static final String DEFAULT = "memory.available<100Mi,nodefs.available<10%";

    /** @throws IllegalArgumentException for an unknown signal or a malformed threshold */
    public static EvictionThresholds parse(String text) {
        long memBytes = -1;
        double memPct = -1;
        long fsBytes = -1;
        double fsPct = -1;
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int lt = p.indexOf('<');
            if (lt < 0) {
                throw new IllegalArgumentException("eviction threshold without '<': " + p);
            }
            String signal = p.substring(0, lt).trim();
            String value = p.substring(lt + 1).trim();
            boolean pct = value.endsWith("%");
            double percent = pct ? Double.parseDouble(value.substring(0, value.length() - 1)) : -1;
            long bytes = pct ? -1 : Quantity.getAmountInBytes(new Quantity(value)).longValue();
            switch (signal) {
                case "memory.available" -> {
                    memBytes = bytes;
                    memPct = percent;
                }
                case "nodefs.available" -> {
                    fsBytes = bytes;
                    fsPct = percent;
                }
                default -> throw new IllegalArgumentException("unknown eviction signal " + signal
                        + " (memory.available and nodefs.available are known)");
            }
        }
        return new EvictionThresholds(memBytes, memPct, fsBytes, fsPct);
    }

    /** The memory that must stay available on a node of {@code capacity} bytes. */
    public long memoryFloor(long capacity) {
        return floor(memoryBytes, memoryPercent, capacity);
    }

    /** The filesystem space that must stay available on a filesystem of {@code capacity} bytes. */
    public long nodefsFloor(long capacity) {
        return floor(nodefsBytes, nodefsPercent, capacity);
    }

    private static long floor(long bytes, double percent, long capacity) {
        if (bytes >= 0) {
            return bytes;
        }
        return percent >= 0 ? (long) (capacity * percent / 100.0) : 0;
    }
}

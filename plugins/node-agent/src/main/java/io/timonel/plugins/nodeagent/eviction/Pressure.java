package io.timonel.plugins.nodeagent.eviction;

/** Which resources the node is short of, as its MemoryPressure, DiskPressure and PIDPressure conditions say. */
public record Pressure(boolean memory, boolean disk, boolean pid) {
    public static final Pressure NONE = new Pressure(false, false, false);
}

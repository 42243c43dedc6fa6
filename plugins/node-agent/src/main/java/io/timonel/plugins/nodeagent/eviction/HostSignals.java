package io.timonel.plugins.nodeagent.eviction;

import io.timonel.plugins.nodeagent.node.Meminfo;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** The signals of this machine: /proc/meminfo and the filesystem of the agent's state directory. */
public final class HostSignals implements Signals {
    private final Path meminfo;
    private final Path stateDir;

    public HostSignals(Path meminfo, Path stateDir) {
        this.meminfo = meminfo;
        this.stateDir = stateDir;
    }

    @Override
    public long memoryCapacity() {
        return Meminfo.read(meminfo).total();
    }

    @Override
    public long memoryAvailable() {
        return Meminfo.read(meminfo).available();
    }

    @Override
    public long fsCapacity() {
        try {
            return store().getTotalSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public long fsAvailable() {
        try {
            return store().getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    private FileStore store() throws IOException {
        Path p = stateDir;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return Files.getFileStore(p == null ? Path.of("/") : p);
    }
}

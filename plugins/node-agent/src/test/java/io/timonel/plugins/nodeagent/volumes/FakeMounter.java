package io.timonel.plugins.nodeagent.volumes;

import io.timonel.plugins.nodeagent.Outcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A mount table in memory: "mounting" records the directory and its size. */
final class FakeMounter implements Mounter {
    final Map<Path, Long> tmpfs = new LinkedHashMap<>();
    final List<Path> unmounted = new ArrayList<>();
    boolean allowed = true;

    @Override
    public Outcome<Path> mountTmpfs(Path dir, Long sizeBytes) {
        if (!allowed) {
            return Outcome.failed("MountFailed", "mount: only root can do that");
        }
        tmpfs.put(dir.toAbsolutePath().normalize(), sizeBytes);
        return Outcome.of(dir);
    }

    @Override
    public List<Path> mountsUnder(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        return tmpfs.keySet().stream().filter(p -> p.startsWith(root))
                .sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList();
    }

    @Override
    public Outcome<Path> unmount(Path dir) {
        tmpfs.remove(dir);
        unmounted.add(dir);
        return Outcome.of(dir);
    }
}

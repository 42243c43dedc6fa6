package io.timonel.plugins.nodeagent.volumes;

import io.timonel.plugins.nodeagent.Outcome;
import java.nio.file.Path;
import java.util.List;

/**
 * The node's mount table, as far as volumes need it: memory-backed directories (tmpfs) for
 * {@code emptyDir.medium: Memory} and for Secret, downward API and projected volumes (kept off
 * the disk, as the kubelet does). Implementations are thread-safe.
 */
public interface Mounter {

    /**
     * Mounts a tmpfs on the existing directory {@code dir} unless one is mounted there already.
     *
     * @param sizeBytes the size limit, or null for the kernel's default (half the memory)
     * @return {@code dir}, or why it could not be mounted (the caller then uses a plain directory)
     */
    Outcome<Path> mountTmpfs(Path dir, Long sizeBytes);

    /** The mount points at or below {@code dir}, deepest first. */
    List<Path> mountsUnder(Path dir);

    /** Unmounts {@code dir}; returns it, or why not. */
    Outcome<Path> unmount(Path dir);

    /** No mounts at all (tests, or nodes where the agent may not mount): every directory stays a directory. */
    Mounter NONE = new Mounter() {
        @Override
        public Outcome<Path> mountTmpfs(Path dir, Long sizeBytes) {
            return Outcome.failed("MountsDisabled", "mounting is disabled on this node");
        }

        @Override
        public List<Path> mountsUnder(Path dir) {
            return List.of();
        }

        @Override
        public Outcome<Path> unmount(Path dir) {
            return Outcome.of(dir);
        }
    };
}

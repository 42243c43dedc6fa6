package io.timonel.plugins.nodeagent.volumes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.timonel.plugins.nodeagent.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxMounterTest {
    @TempDir
    Path tmp;

    @Test
    void mountInfoGivesMountPointsWithEscapesUndone() {
        List<Path> points = LinuxMounter.parseMountInfo(List.of(
                "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
                "43 27 0:39 / /var/lib/pods/with\\040space rw,relatime - tmpfs tmpfs rw,size=1024k"));
        assertEquals(List.of(Path.of("/"), Path.of("/var/lib/pods/with space")), points);
    }

    /** Runs where the test may mount (root in the host's mount namespace); skipped elsewhere. */
    @Test
    void aTmpfsIsMountedOnceListedAndUnmounted() throws Exception {
        LinuxMounter mounter = new LinuxMounter();
        Path dir = Files.createDirectories(tmp.resolve("pod/volumes/mem"));
        Outcome<Path> mounted = mounter.mountTmpfs(dir, 1024L * 1024);
        assumeTrue(mounted.ok(), () -> "cannot mount here: " + mounted.message());
        try {
            assertTrue(mounter.mountTmpfs(dir, 1024L * 1024).ok(), "mounting again is a no-op");
            assertEquals(List.of(dir.toAbsolutePath()), mounter.mountsUnder(tmp.resolve("pod")));
            Files.writeString(dir.resolve("f"), "in memory");
        } finally {
            assertTrue(mounter.unmount(dir).ok());
        }
        assertEquals(List.of(), mounter.mountsUnder(tmp));
        assertTrue(Files.notExists(dir.resolve("f")), "the file lived in the tmpfs");
    }
}

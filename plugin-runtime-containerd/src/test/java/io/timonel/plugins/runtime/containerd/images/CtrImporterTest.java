package io.timonel.plugins.runtime.containerd.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.spi.runtime.RuntimeUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CtrImporterTest {

    @TempDir
    Path dir;

    @Test
    void outputNamesEachUnpackedImageOnce() {
        String output = """
                unpacking docker.io/library/busybox:local (sha256:847442b3628b0b15336b8bf1ec7829425ff3e335c88659d1ea6ec1e6cda42fe7)...done
                unpacking timonel.io/pause:1.0 (sha256:c338eaf030829a4ea805d1b65975516a7f2717a51fcdf1dbd016f0fc0f08ce72)...done
                unpacking timonel.io/pause:1.0 (sha256:c338eaf030829a4ea805d1b65975516a7f2717a51fcdf1dbd016f0fc0f08ce72)...done
                """;
        assertEquals(List.of("docker.io/library/busybox:local", "timonel.io/pause:1.0"), CtrImporter.parseOutput(output));
    }

    @Test
    void outputWithoutImagesNamesNone() {
        assertTrue(CtrImporter.parseOutput("ctr: unrecognized image format\n").isEmpty());
    }

    @Test
    void missingTarballIsRefused() {
        CtrImporter importer = new CtrImporter("ctr", "/nonexistent.sock", Duration.ofSeconds(5));
        assertThrows(RuntimeUnavailableException.class, () -> importer.importTarball(dir.resolve("none.tar")));
    }

    @Test
    void failingCtrReportsItsOutput() throws Exception {
        Path fakeCtr = Files.writeString(dir.resolve("ctr"), "#!/bin/sh\necho \"ctr: cannot reach $2\" >&2\nexit 1\n");
        assertTrue(fakeCtr.toFile().setExecutable(true));
        Path tarball = Files.writeString(dir.resolve("image.tar"), "not really");
        CtrImporter importer = new CtrImporter(fakeCtr.toString(), "/run/x.sock", Duration.ofSeconds(5));
        RuntimeUnavailableException e = assertThrows(RuntimeUnavailableException.class, () -> importer.importTarball(tarball));
        assertTrue(e.getMessage().contains("ctr: cannot reach /run/x.sock"), e.getMessage());
    }

    @Test
    void ctrThatStoredNothingIsAFailure() throws Exception {
        Path fakeCtr = Files.writeString(dir.resolve("ctr"), "#!/bin/sh\necho nothing here\n");
        assertTrue(fakeCtr.toFile().setExecutable(true));
        Path tarball = Files.writeString(dir.resolve("image.tar"), "not really");
        CtrImporter importer = new CtrImporter(fakeCtr.toString(), "/run/x.sock", Duration.ofSeconds(5));
        assertThrows(RuntimeUnavailableException.class, () -> importer.importTarball(tarball));
    }
}

package io.timonel.plugins.runtime.containerd.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.spi.runtime.ImageInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageReferencesTest {

    private static final String ID = "sha256:b7e4e54c3c79b85700428661df9cec3d5375b7ba50c8d0c051c0ae76cb22f51d";

    @Test
    void shortNamesAreOnDockerHubUnderLibrary() {
        assertEquals("docker.io/library/busybox:local", ImageReferences.normalize("busybox:local"));
        assertEquals("docker.io/library/busybox:latest", ImageReferences.normalize("busybox"));
        assertEquals("docker.io/library/busybox:1.36", ImageReferences.normalize("docker.io/busybox:1.36"));
        assertEquals("docker.io/library/busybox:1.36", ImageReferences.normalize("index.docker.io/library/busybox:1.36"));
    }

    @Test
    void namesWithAnOrganisationStayOnDockerHub() {
        assertEquals("docker.io/bitnami/nginx:latest", ImageReferences.normalize("bitnami/nginx"));
    }

    @Test
    void registriesAreKept() {
        assertEquals("timonel.io/pause:1.0", ImageReferences.normalize("timonel.io/pause:1.0"));
        assertEquals("localhost/app:latest", ImageReferences.normalize("localhost/app"));
        assertEquals("registry:5000/team/app:2", ImageReferences.normalize("registry:5000/team/app:2"));
        assertEquals("registry:5000/app:latest", ImageReferences.normalize("registry:5000/app"));
    }

    @Test
    void digestsGetNoTag() {
        assertEquals("docker.io/library/busybox@" + ID, ImageReferences.normalize("busybox@" + ID));
        assertEquals("docker.io/library/busybox:1.36@" + ID, ImageReferences.normalize("busybox:1.36@" + ID));
    }

    @Test
    void idsAreUnchanged() {
        assertEquals(ID, ImageReferences.normalize(ID));
    }

    @Test
    void imagesMatchByShortTagFullTagIdAndIdPrefix() {
        ImageInfo busybox = new ImageInfo(ID, List.of("docker.io/library/busybox:local"), 1);
        assertTrue(ImageReferences.matches(busybox, "busybox:local"));
        assertTrue(ImageReferences.matches(busybox, "docker.io/library/busybox:local"));
        assertTrue(ImageReferences.matches(busybox, ID));
        assertTrue(ImageReferences.matches(busybox, "b7e4e54c3c79"));
        assertTrue(ImageReferences.matches(busybox, "sha256:b7e4e54c3c79"));
        assertFalse(ImageReferences.matches(busybox, "busybox"));
        assertFalse(ImageReferences.matches(busybox, "busybox:other"));
        assertFalse(ImageReferences.matches(busybox, "b7e4e5"));
        assertFalse(ImageReferences.matches(busybox, "sha256:0000000000000000000000000000000000000000000000000000000000000000"));
    }
}

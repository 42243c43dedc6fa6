package io.timonel.plugins.nodeagent.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.timonel.plugins.nodeagent.testing.FakeClock;
import io.timonel.plugins.nodeagent.testing.FakeRuntime;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarballManifestTest {
    @TempDir
    Path dir;

    private Path tarball(String name, Map<String, String> files) throws Exception {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (var e : files.entrySet()) {
                byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(bytes.length);
                tar.putArchiveEntry(entry);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    @Test
    void dockerArchiveNamesComeFromManifestJson() throws Exception {
        Path t = tarball("busybox.tar", Map.of("./manifest.json",
                "[{\"Config\":\"x.json\",\"RepoTags\":[\"busybox:local\"],\"Layers\":[]}]"));
        assertEquals(List.of("busybox:local"), TarballManifest.repoTags(t));
    }

    @Test
    void ociLayoutNamesComeFromIndexAnnotations() throws Exception {
        Path t = tarball("oci.tar", Map.of("index.json", "{\"manifests\":[{\"annotations\":"
                + "{\"io.containerd.image.name\":\"docker.io/library/app:1\"}}]}"));
        assertEquals(List.of("docker.io/library/app:1"), TarballManifest.repoTags(t));
    }

    @Test
    void onlyTarballsNamingMissingImagesAreImported() throws Exception {
        FakeRuntime runtime = new FakeRuntime(new FakeClock());
        tarball("busybox.tar", Map.of("manifest.json", "[{\"RepoTags\":[\"busybox:local\"]}]"));
        tarball("app.tar", Map.of("manifest.json", "[{\"RepoTags\":[\"app:1\"]}]"));
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        List<ImageImporter.Result> results = new ImageImporter(runtime).importDirectory(dir);
        assertEquals(List.of(ImageImporter.Result.IMPORTED, ImageImporter.Result.PRESENT), results);
        assertEquals(List.of("import app.tar"), runtime.calls);
    }

    @Test
    void aRebuiltImageWhoseIdChangedIsImportedAgain() throws Exception {
        FakeRuntime runtime = new FakeRuntime(new FakeClock());
        String other = "b".repeat(64);
        tarball("busybox.tar", Map.of("manifest.json",
                "[{\"Config\":\"" + other + ".json\",\"RepoTags\":[\"busybox:local\"]}]"));
        assertEquals(Map.of("busybox:local", "sha256:" + other), TarballManifest.images(dir.resolve("busybox.tar")));

        assertEquals(ImageImporter.Result.IMPORTED, new ImageImporter(runtime).importIfMissing(dir.resolve("busybox.tar")));
    }

    @Test
    void theSameImageIsNotImportedAgain() throws Exception {
        FakeRuntime runtime = new FakeRuntime(new FakeClock());
        String present = runtime.image("busybox:local").orElseThrow().id().substring("sha256:".length());
        Path t = tarball("busybox.tar", Map.of("manifest.json",
                "[{\"Config\":\"blobs/sha256/" + present + "\",\"RepoTags\":[\"busybox:local\"]}]"));

        assertEquals(ImageImporter.Result.PRESENT, new ImageImporter(runtime).importIfMissing(t));
    }

    @Test
    void defaultPullPolicyIsAlwaysForLatestOrNoTag() {
        assertEquals(true, PullPolicy.latest("busybox"));
        assertEquals(true, PullPolicy.latest("registry:5000/busybox"));
        assertEquals(true, PullPolicy.latest("busybox:latest"));
        assertEquals(false, PullPolicy.latest("busybox:local"));
        assertEquals(false, PullPolicy.latest("busybox@sha256:abc"));
    }
}

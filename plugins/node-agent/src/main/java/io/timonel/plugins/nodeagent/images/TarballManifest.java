package io.timonel.plugins.nodeagent.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The image names an image tarball holds, read from its {@code manifest.json} (docker-archive:
 * the {@code RepoTags} of each entry) or its {@code index.json} (OCI layout: the
 * {@code io.containerd.image.name} or {@code org.opencontainers.image.ref.name} annotations).
 * Gzipped tarballs are read too.
 */
public final class TarballManifest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TarballManifest() {
    }

    /**
     * The names of the images in {@code tarball}; empty when it names none (it is then imported
     * every time, having nothing to check).
     *
     * @throws IOException when the file is not a readable tarball
     */
    public static List<String> repoTags(Path tarball) throws IOException {
        return List.copyOf(images(tarball).keySet());
    }

    /**
     * The images in {@code tarball}: by name, the image id ({@code sha256:…} of its config) where
     * the tarball tells it (docker-archive), else null.
     *
     * @throws IOException when the file is not a readable tarball
     */
    public static java.util.Map<String, String> images(Path tarball) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(tarball));
             TarArchiveInputStream tar = new TarArchiveInputStream(maybeGunzip(raw))) {
            List<String> fromIndex = null;
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
                if (name.equals("manifest.json")) {
                    return dockerImages(JSON.readTree(tar.readAllBytes()));
                }
                if (name.equals("index.json")) {
                    fromIndex = ociNames(JSON.readTree(tar.readAllBytes()));
                }
            }
            java.util.Map<String, String> named = new java.util.LinkedHashMap<>();
            if (fromIndex != null) {
                fromIndex.forEach(n -> named.put(n, null));
            }
            return named;
        }
    }

    private static InputStream maybeGunzip(InputStream in) throws IOException {
        in.mark(2);
        int a = in.read();
        int b = in.read();
        in.reset();
        return a == 0x1f && b == 0x8b ? new GzipCompressorInputStream(in) : in;
    }

    /** Name → image id of a docker-archive manifest ({@code Config} is {@code <hex>.json} or {@code blobs/sha256/<hex>}). */
    static java.util.Map<String, String> dockerImages(JsonNode manifest) {
        java.util.Map<String, String> images = new java.util.LinkedHashMap<>();
        for (JsonNode image : manifest) {
            String config = image.path("Config").asText("");
            String hex = config.substring(config.lastIndexOf('/') + 1).replace(".json", "");
            String id = hex.matches("[0-9a-f]{64}") ? "sha256:" + hex : null;
            for (JsonNode tag : image.path("RepoTags")) {
                images.put(tag.asText(), id);
            }
        }
        return images;
    }

    static List<String> dockerTags(JsonNode manifest) {
        List<String> tags = new ArrayList<>();
        for (JsonNode image : manifest) {
            for (JsonNode tag : image.path("RepoTags")) {
                tags.add(tag.asText());
            }
        }
        return tags;
    }

    static List<String> ociNames(JsonNode index) {
        List<String> names = new ArrayList<>();
        for (JsonNode m : index.path("manifests")) {
            JsonNode a = m.path("annotations");
            String name = a.path("io.containerd.image.name").asText(a.path("org.opencontainers.image.ref.name").asText(""));
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }
}

package io.timonel.plugins.nodeagent.images;

import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.ImageInfo;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the image tarballs of a directory into the runtime: those ({@code *.tar},
 * {@code *.tar.gz}, {@code *.tgz}) naming at least one image the runtime does not hold yet.
 */
public final class ImageImporter {
    private static final Logger LOG = LoggerFactory.getLogger(ImageImporter.class);

    /** What an import did with one tarball. */
    public enum Result { IMPORTED, PRESENT, FAILED }

    private final ContainerRuntime runtime;

    public ImageImporter(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    /** Imports what the directory holds that the runtime lacks; a missing directory imports nothing. */
    public List<Result> importDirectory(Path dir) {
        List<Result> results = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            if (dir != null) {
                LOG.warn("images directory {} does not exist; no images imported", dir);
            }
            return results;
        }
        List<Path> tarballs;
        try (Stream<Path> files = Files.list(dir)) {
            tarballs = files.filter(ImageImporter::isTarball).sorted().toList();
        } catch (IOException e) {
            LOG.warn("cannot list images directory {}: {}", dir, e.getMessage());
            return results;
        }
        for (Path tarball : tarballs) {
            results.add(importIfMissing(tarball));
        }
        return results;
    }

    /**
     * Imports one tarball unless every image it names is present already, as the same image (a
     * rebuilt tarball whose image id changed is imported again, so the name moves to it).
     */
    public Result importIfMissing(Path tarball) {
        try {
            java.util.Map<String, String> images = TarballManifest.images(tarball);
            if (!images.isEmpty() && images.entrySet().stream().allMatch(e -> runtime.image(e.getKey())
                    .filter(present -> e.getValue() == null || e.getValue().equals(present.id())).isPresent())) {
                LOG.debug("images {} of {} are present", images.keySet(), tarball.getFileName());
                return Result.PRESENT;
            }
            List<ImageInfo> loaded = runtime.importImage(tarball);
            LOG.info("imported {} from {}", loaded.stream().flatMap(i -> i.repoTags().stream()).toList(),
                    tarball.getFileName());
            return Result.IMPORTED;
        } catch (IOException | RuntimeUnavailableException e) {
            LOG.warn("cannot import image tarball {}: {}", tarball, e.getMessage());
            return Result.FAILED;
        }
    }

    private static boolean isTarball(Path p) {
        String n = p.getFileName().toString();
        return Files.isRegularFile(p) && (n.endsWith(".tar") || n.endsWith(".tar.gz") || n.endsWith(".tgz"));
    }
}

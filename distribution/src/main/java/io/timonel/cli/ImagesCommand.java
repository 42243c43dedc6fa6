package io.timonel.cli;

import io.timonel.spi.runtime.ImageInfo;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code timonel images}: the images the node's container runtime holds, and loading image tarballs into it. */
@Command(name = "images", description = "List or import the images of this node's container runtime (no registry "
        + "needed: images come as tarballs).", subcommands = {ImagesCommand.Import.class, ImagesCommand.ListImages.class})
public final class ImagesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** {@code timonel images import FILE…}. */
    @Command(name = "import", description = "Load image tarballs (docker save / OCI archives) into the runtime.")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RuntimeOptions options;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Image tarballs.")
        List<Path> files;

        @Override
        public Integer call() throws java.io.IOException {
            PrintWriter out = spec.commandLine().getOut();
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("no such file: " + file);
                }
            }
            try (RuntimeOptions.Opened opened = options.open()) {
                for (Path file : files) {
                    for (ImageInfo image : opened.runtime().importImage(file.toAbsolutePath())) {
                        out.println("imported " + String.join(",", image.repoTags()) + " (" + image.id() + ") into "
                                + opened.name());
                    }
                }
            }
            return 0;
        }
    }

    /** {@code timonel images list}. */
    @Command(name = "list", description = "List the images the runtime holds.")
    static final class ListImages implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RuntimeOptions options;

        @Override
        public Integer call() throws java.io.IOException {
            PrintWriter out = spec.commandLine().getOut();
            try (RuntimeOptions.Opened opened = options.open()) {
                out.printf("%-50s  %-20s  %s%n", "IMAGE", "ID", "SIZE");
                for (ImageInfo image : opened.runtime().listImages()) {
                    String id = image.id().replace("sha256:", "");
                    out.printf("%-50s  %-20s  %.1f MB%n", image.repoTags().isEmpty() ? "<none>" : String.join(",",
                            image.repoTags()), id.substring(0, Math.min(12, id.length())), image.sizeBytes() / 1e6);
                }
            }
            return 0;
        }
    }
}

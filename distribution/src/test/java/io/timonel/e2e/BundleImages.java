package io.timonel.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The bundle's images (busybox, pause), which node agents import at start; built here when missing. */
final class BundleImages {
    static final Path DIR = BundleServer.BUNDLE.resolve("images");

    private BundleImages() {
    }

    /** Builds them with images/build-images.sh unless present; skips the test where they cannot be built. */
    static void ensure() throws IOException, InterruptedException {
        if (Files.isRegularFile(DIR.resolve("busybox.tar")) && Files.isRegularFile(DIR.resolve("pause.tar"))) {
            return;
        }
        Path script = Path.of("..", "images", "build-images.sh").toAbsolutePath().normalize();
        Process build = new ProcessBuilder(script.toString(), DIR.toString()).redirectErrorStream(true).start();
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(build.waitFor() == 0, "cannot build the images here (busybox-static, gcc): " + output);
    }
}

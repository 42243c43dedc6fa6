package io.timonel.plugins.runtime.containerd.images;

import io.timonel.spi.runtime.RuntimeUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads image tarballs (docker-archive or OCI layout) into containerd's {@code k8s.io} namespace,
 * where the CRI finds them, with containerd's own CLI: the CRI has no import call.
 * Runs {@code ctr --address SOCKET -n k8s.io images import --all-platforms FILE} on the caller's thread.
 */
public final class CtrImporter {

    /** ctr prints one line per image it stored: {@code unpacking NAME (sha256:DIGEST)...done}. */
    private static final Pattern UNPACKED = Pattern.compile("^unpacking (\\S+) \\((sha256:[0-9a-f]+)\\)", Pattern.MULTILINE);

    private final String ctr;
    private final String socket;
    private final Duration timeout;

    /**
     * @param ctr     the ctr executable (a name on the PATH or a path)
     * @param socket  containerd's socket
     * @param timeout how long an import may take before it is killed
     */
    public CtrImporter(String ctr, String socket, Duration timeout) {
        this.ctr = ctr;
        this.socket = socket;
        this.timeout = timeout;
    }

    /**
     * Imports the tarball; returns the names of the images it held.
     *
     * @throws RuntimeUnavailableException when ctr cannot run or fails (with its output)
     */
    public List<String> importTarball(Path tarball) {
        if (!Files.isRegularFile(tarball)) {
            throw new RuntimeUnavailableException("no image tarball at " + tarball);
        }
        List<String> command = List.of(ctr, "--address", socket, "-n", "k8s.io", "images", "import", "--all-platforms",
                tarball.toAbsolutePath().toString());
        Path output;
        try {
            // output to a file rather than a pipe: waiting for the process then honours the timeout
            output = Files.createTempFile("ctr-import", ".log");
        } catch (IOException e) {
            throw new RuntimeUnavailableException("cannot import " + tarball + ": " + e.getMessage(), e);
        }
        try {
            Process process;
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
                process.getOutputStream().close();
            } catch (IOException e) {
                throw new RuntimeUnavailableException("cannot run " + ctr + ": " + e.getMessage(), e);
            }
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new RuntimeUnavailableException("importing " + tarball + " took longer than " + timeout);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new RuntimeUnavailableException("interrupted while importing " + tarball, e);
            }
            String text = readBounded(output);
            if (process.exitValue() != 0) {
                throw new RuntimeUnavailableException("importing " + tarball + " failed: " + text.strip());
            }
            List<String> names = parseOutput(text);
            if (names.isEmpty()) {
                throw new RuntimeUnavailableException("importing " + tarball + " stored no image: " + text.strip());
            }
            return names;
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException ignored) {
                // a temporary file left behind is harmless
            }
        }
    }

    /** The image names in ctr's import output, in order. */
    static List<String> parseOutput(String output) {
        List<String> names = new ArrayList<>();
        Matcher m = UNPACKED.matcher(output);
        while (m.find()) {
            if (!names.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static String readBounded(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }
}

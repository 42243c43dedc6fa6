package io.timonel.cli.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * A {@code bin/timonel server} child process with a fresh data folder on a free loopback port,
 * timed from process start to the first {@code /readyz} answered 200.
 */
final class TimonelServer implements AutoCloseable {

    private final Process process;
    private final URI url;
    private final Path kubeconfig;
    private final Path log;
    private final long startToReadyNanos;
    private final KubeconfigCredentials credentials;

    private TimonelServer(Process process, URI url, Path kubeconfig, Path log, long startToReadyNanos,
                          KubeconfigCredentials credentials) {
        this.process = process;
        this.url = url;
        this.kubeconfig = kubeconfig;
        this.log = log;
        this.startToReadyNanos = startToReadyNanos;
        this.credentials = credentials;
    }

    /**
     * The bundle this command runs from: system property {@code timonel.home} (set by the
     * launcher), else the folder above the {@code lib/} holding this class's jar.
     */
    static Path home() throws IOException {
        String property = System.getProperty("timonel.home");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        try {
            Path jar = Path.of(TimonelServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path lib = jar.getParent();
            if (lib != null && lib.getFileName() != null && lib.getFileName().toString().equals("lib")) {
                return lib.getParent();
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through
        }
        throw new IOException("cannot tell where the Timonel bundle is (no -Dtimonel.home); "
                + "run through bin/timonel, or point at a running server with --server and --kubeconfig");
    }

    /**
     * Starts {@code <home>/bin/timonel server} with its data in {@code workDir/data} and waits
     * until {@code /readyz} answers 200.
     *
     * @param nanoTicker the clock the start-up is timed with
     * @throws IOException when the server exits, or is not ready within {@code readyWithin}
     */
    static TimonelServer start(Path home, Path workDir, Duration readyWithin, LongSupplier nanoTicker)
            throws IOException, InterruptedException {
        return start(home, workDir, readyWithin, nanoTicker, List.of());
    }

    /** As {@link #start(Path, Path, Duration, LongSupplier)}, with more server options (e.g. {@code --simulated-nodes=N}). */
    static TimonelServer start(Path home, Path workDir, Duration readyWithin, LongSupplier nanoTicker,
                               List<String> serverOptions) throws IOException, InterruptedException {
        Path launcher = home.resolve("bin").resolve("timonel");
        if (!Files.isExecutable(launcher)) {
            throw new IOException(launcher + " is missing; build the bundle (mvn -B package -DskipTests) "
                    + "or pass --server and --kubeconfig");
        }
        int port = FreePorts.pick();
        Path dataDir = workDir.resolve("data");
        Files.createDirectories(workDir);
        Path log = workDir.resolve("server.log");
        Path kubeconfig = dataDir.resolve("admin.kubeconfig");
        URI url = URI.create("https://127.0.0.1:" + port);

        long start = nanoTicker.getAsLong();
        List<String> command = new java.util.ArrayList<>(List.of(launcher.toString(), "server",
                "--data-dir", dataDir.toString(), "--port", Integer.toString(port), "--bind-address", "127.0.0.1"));
        if (serverOptions.stream().noneMatch(o -> o.startsWith("--runtime"))) {
            command.add("--runtime=none"); // a control plane only, unless the benchmark asks for a real node
        }
        command.addAll(serverOptions);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            KubeconfigCredentials credentials = null;
            KubeApi api = null;
            long deadline = start + readyWithin.toNanos();
            while (nanoTicker.getAsLong() - deadline < 0) {
                if (!process.isAlive()) {
                    throw new IOException("timonel server exited with " + process.exitValue() + ":\n" + tail(log));
                }
                if (credentials == null && Files.isRegularFile(kubeconfig)) {
                    try {
                        credentials = KubeconfigCredentials.load(kubeconfig);
                        api = new KubeApi(url, new HttpPool(credentials.sslContext(), 1));
                    } catch (IOException | IllegalArgumentException e) {
                        // still being written
                    }
                }
                if (api != null) {
                    try {
                        if (api.get("/readyz").status() == 200) {
                            long ready = nanoTicker.getAsLong() - start;
                            return new TimonelServer(process, url, kubeconfig, log, ready, credentials);
                        }
                    } catch (IOException e) {
                        // not listening yet
                    }
                }
                Thread.sleep(5);
            }
            throw new IOException("timonel server was not ready within " + readyWithin.toSeconds() + " s"
                    + (credentials == null ? " (no " + kubeconfig + " yet)" : "") + ":\n" + tail(log));
        } catch (IOException | InterruptedException | RuntimeException e) {
            ProcessTree.stop(process.toHandle(), Duration.ofSeconds(10));
            throw e;
        }
    }

    URI url() {
        return url;
    }

    Path kubeconfig() {
        return kubeconfig;
    }

    long pid() {
        return process.pid();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    KubeconfigCredentials credentials() {
        return credentials;
    }

    /** From {@link ProcessBuilder#start()} to the first 200 from {@code /readyz}. */
    long startToReadyNanos() {
        return startToReadyNanos;
    }

    /** Resident memory of the server (and any children), in KiB. */
    OptionalLong residentKib() {
        return ProcessTree.residentKib(process.toHandle());
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The exit code, or -1 while running. */
    int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Waits up to {@code within} for the server to exit; true when it has. */
    boolean exitsWithin(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The end of the server's output, for error messages. */
    String logTail() {
        return tail(log);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    @Override
    public void close() {
        ProcessTree.stop(process.toHandle(), Duration.ofSeconds(15));
    }
}

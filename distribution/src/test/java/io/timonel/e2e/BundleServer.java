package io.timonel.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/timonel server} from the assembled bundle, started as a user would start it, on a
 * free port with a fresh data directory. For end-to-end tests, which run after packaging.
 */
final class BundleServer implements AutoCloseable {
    static final Path BUNDLE = Path.of("target", "timonel").toAbsolutePath();

    private final Path dataDir;
    private final Process process;
    private final int port;

    private BundleServer(Path dataDir, Process process, int port) {
        this.dataDir = dataDir;
        this.process = process;
        this.port = port;
    }

    static BundleServer start() throws Exception {
        return start(List.of());
    }

    /** A server whose plugins are the bundle's plus {@code extraPlugins} (jars), as an operator adds one. */
    static BundleServer start(List<Path> extraPlugins) throws Exception {
        return start(extraPlugins, List.of());
    }

    /**
     * A server with {@code extraPlugins} and more command-line options, e.g. {@code --simulated-nodes=3}.
     * Without a {@code --runtime} option it runs no node agent.
     */
    static BundleServer start(List<Path> extraPlugins, List<String> serverOptions) throws Exception {
        return start(extraPlugins, serverOptions, List.of());
    }

    /**
     * As {@link #start(List, List)}, the command run through {@code launcher} (e.g. {@code ip netns
     * exec NS}, which execs it: the process is the server's). With a {@code --bind-address} among
     * {@code serverOptions} the server listens there instead of on 127.0.0.1.
     */
    static BundleServer start(List<Path> extraPlugins, List<String> serverOptions, List<String> launcher)
            throws Exception {
        Path dataDir = Files.createTempDirectory("timonel-e2e");
        Path plugins = dataDir.resolve("plugins");
        Files.createDirectories(plugins);
        try (var bundled = Files.list(BUNDLE.resolve("plugins"))) {
            for (Path jar : bundled.toList()) {
                Files.copy(jar, plugins.resolve(jar.getFileName()));
            }
        }
        for (Path jar : extraPlugins) {
            Files.copy(jar, plugins.resolve(jar.getFileName()));
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new java.util.ArrayList<>(launcher);
        command.addAll(List.of(BUNDLE.resolve("bin/timonel").toString(), "server",
                "--port", Integer.toString(port), "--data-dir", dataDir.toString(), "--plugins-dir", plugins.toString()));
        if (serverOptions.stream().noneMatch(o -> o.startsWith("--bind-address"))) {
            command.addAll(List.of("--bind-address", "127.0.0.1"));
        }
        if (serverOptions.stream().noneMatch(o -> o.startsWith("--runtime"))) {
            command.add("--runtime=none"); // a control plane only, unless the test asks for a real node
        }
        command.addAll(serverOptions);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("server.log").toFile())
                .start();
        BundleServer server = new BundleServer(dataDir, process, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(server.kubeconfig()) || !server.ready()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String log = Files.readString(dataDir.resolve("server.log"));
                server.close();
                throw new IllegalStateException("the server did not become ready:\n" + log);
            }
            Thread.sleep(100);
        }
        return server;
    }

    private boolean ready() {
        Kubectl.Result r = new Kubectl(kubeconfig()).run("get", "--raw", "/readyz");
        return r.ok() && r.out().trim().equals("ok");
    }

    Path kubeconfig() {
        return dataDir.resolve("admin.kubeconfig");
    }

    int port() {
        return port;
    }

    String log() {
        try {
            return Files.readString(dataDir.resolve("server.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path dataDir() {
        return dataDir;
    }

    /** Stops the server, keeping its data directory (e.g. for {@code timonel node reset --data-dir}); idempotent. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

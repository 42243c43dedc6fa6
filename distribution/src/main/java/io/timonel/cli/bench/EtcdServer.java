package io.timonel.cli.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A throw-away single-member etcd on loopback: its own data folder and free ports, started for
 * the comparison and stopped after it.
 */
final class EtcdServer implements AutoCloseable {

    /** What to tell a user whose machine has no etcd. */
    static final String INSTALL_HINT = "etcd is not on PATH; install Debian's etcd-server package "
            + "(apt-get install -y etcd-server), or pass --skip-etcd";

    private final Process process;
    private final URI url;
    private final Path log;

    private EtcdServer(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** The etcd executable on PATH, if any. */
    static Optional<Path> executable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "etcd");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts etcd with its data in {@code workDir} and waits until {@code /health} says so.
     *
     * @throws IOException when etcd is missing, fails to start, or is not healthy in time
     */
    static EtcdServer start(Path workDir, Duration readyWithin) throws IOException, InterruptedException {
        Path etcd = executable().orElseThrow(() -> new IOException(INSTALL_HINT));
        int clientPort = FreePorts.pick();
        int peerPort = FreePorts.pick();
        String client = "http://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        Files.createDirectories(workDir);
        Path log = workDir.resolve("etcd.log");
        Process process = new ProcessBuilder(List.of(etcd.toString(),
                "--name", "bench",
                "--data-dir", workDir.resolve("data").toString(),
                "--listen-client-urls", client,
                "--advertise-client-urls", client,
                "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "bench=" + peer,
                "--initial-cluster-state", "new"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        EtcdServer server = new EtcdServer(process, URI.create(client), log);
        try {
            server.awaitHealthy(readyWithin);
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Base URL of the client API, e.g. {@code http://127.0.0.1:23790}. */
    URI url() {
        return url;
    }

    /** The etcd version the server reports (e.g. {@code 3.4.23}), or "?" when it says none. */
    String version() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(url.resolve("/version")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return KubeApi.tree(response.body()).path("etcdserver").asText("?");
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    private void awaitHealthy(Duration within) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IOException("etcd exited with " + process.exitValue() + ": " + tail());
            }
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(url.resolve("/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("true")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IOException("etcd was not healthy within " + within.toSeconds() + " s: " + tail());
    }

    /** The end of etcd's log, for error messages. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        ProcessTree.stop(process.toHandle(), Duration.ofSeconds(10));
    }
}

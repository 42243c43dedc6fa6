package io.timonel.plugins.nodeagent.streaming;

import io.timonel.spi.runtime.ContainerConfig;
import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.ContainerStats;
import io.timonel.spi.runtime.ContainerStatus;
import io.timonel.spi.runtime.ExecResult;
import io.timonel.spi.runtime.ImageInfo;
import io.timonel.spi.runtime.LogOptions;
import io.timonel.spi.runtime.LogSink;
import io.timonel.spi.runtime.NotFoundException;
import io.timonel.spi.runtime.SandboxConfig;
import io.timonel.spi.runtime.SandboxStatus;
import io.timonel.spi.runtime.StreamOptions;
import io.timonel.spi.runtime.StreamSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A container runtime for streaming tests: a "container" is a directory standing for its root
 * file system, exec runs a real local process in it (absolute paths in the command are made
 * relative to it), attach runs {@code cat}, and logs come from lists the test fills.
 */
final class ProcessRuntime implements ContainerRuntime {
    record Line(Instant time, boolean stderr, String text) {
    }

    private final Path root;
    final Map<String, List<Line>> logs = new ConcurrentHashMap<>();
    /** Lines a following reader gets after the stored ones, as the test adds them. */
    final BlockingQueue<String> followed = new LinkedBlockingQueue<>();

    ProcessRuntime(Path root) {
        this.root = root;
    }

    @Override
    public StreamSession exec(String containerId, List<String> command, StreamOptions options) {
        List<String> rooted = new ArrayList<>();
        for (String arg : command) {
            // the process runs in the root directory: absolute paths become relative to it
            rooted.add(arg.equals("/") ? "." : arg.startsWith("/") ? arg.substring(1) : arg);
        }
        return start(rooted, options);
    }

    @Override
    public StreamSession attach(String containerId, StreamOptions options) {
        return start(List.of("cat"), options);
    }

    private StreamSession start(List<String> command, StreamOptions options) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
        if (options.tty()) {
            builder.redirectErrorStream(true);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new io.timonel.spi.runtime.RuntimeUnavailableException(
                    "OCI runtime exec failed: exec failed: unable to start container process: " + e.getMessage(), e);
        }
        if (!options.stdin()) {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                // nothing to close
            }
        }
        CompletableFuture<Integer> exit = process.onExit().thenApply(Process::exitValue);
        return new StreamSession() {
            @Override
            public OutputStream stdin() {
                return process.getOutputStream();
            }

            @Override
            public InputStream stdout() {
                return process.getInputStream();
            }

            @Override
            public InputStream stderr() {
                return options.tty() ? InputStream.nullInputStream() : process.getErrorStream();
            }

            @Override
            public void resize(int columns, int rows) {
            }

            @Override
            public CompletableFuture<Integer> exitCode() {
                return exit;
            }

            @Override
            public void close() {
                if (process.isAlive()) {
                    process.destroy();
                }
            }
        };
    }

    @Override
    public void logs(String containerId, LogOptions options, LogSink sink) {
        List<Line> lines = logs.get(containerId);
        if (lines == null) {
            throw new NotFoundException("no such container: " + containerId);
        }
        List<Line> selected = new ArrayList<>();
        for (Line l : lines) {
            if (options.since() == null || !l.time().isBefore(options.since())) {
                selected.add(l);
            }
        }
        if (options.tailLines() >= 0 && selected.size() > options.tailLines()) {
            selected = selected.subList(selected.size() - (int) options.tailLines(), selected.size());
        }
        try {
            for (Line l : selected) {
                write(sink, options, l.time(), l.stderr(), l.text());
            }
            while (options.follow() && !sink.isClosed()) {
                String next = followed.poll(100, TimeUnit.MILLISECONDS);
                if (next != null) {
                    write(sink, options, Instant.now(), false, next);
                }
            }
        } catch (IOException e) {
            // the reader went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(LogSink sink, LogOptions options, Instant time, boolean stderr, String text)
            throws IOException {
        String line = (options.timestamps() ? time + " " : "") + text + "\n";
        sink.line(time, stderr, line.getBytes(StandardCharsets.UTF_8));
    }

    // ---- not used by the streaming server ----------------------------------------------------------

    @Override
    public String version() {
        return "process://1";
    }

    @Override
    public List<ImageInfo> listImages() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<ImageInfo> image(String reference) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<ImageInfo> importImage(Path tarball) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ImageInfo pullImage(String reference) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String runSandbox(SandboxConfig config) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void stopSandbox(String sandboxId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void removeSandbox(String sandboxId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<SandboxStatus> listSandboxes() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String createContainer(String sandboxId, ContainerConfig config, SandboxConfig sandbox) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void startContainer(String containerId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void stopContainer(String containerId, Duration grace) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void removeContainer(String containerId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<ContainerStatus> listContainers() {
        throw new UnsupportedOperationException();
    }

    @Override
    public ContainerStatus containerStatus(String containerId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ContainerStats stats(String containerId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}

package io.timonel.plugins.nodeagent.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.timonel.spi.runtime.ContainerConfig;
import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.ContainerStatus;
import io.timonel.spi.runtime.LogOptions;
import io.timonel.spi.runtime.LogSink;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Containers' termination messages, as the kubelet gathers them: each container instance gets an
 * empty file of its own mounted at its terminationMessagePath (default /dev/termination-log);
 * what it wrote there (at most 4 KiB) becomes its terminated state's message, or, with
 * {@code FallbackToLogsOnError} and a failure, the end of its log (80 lines, at most 2 KiB).
 * Messages of exited containers do not change, so each is read once. Thread-safe.
 */
public final class TerminationMessages {
    static final int MAX_FILE = 4096;
    static final int MAX_LOG = 2048;
    static final int LOG_LINES = 80;

    private final ContainerRuntime runtime;
    private final NodeIdentity node;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    public TerminationMessages(ContainerRuntime runtime, NodeIdentity node) {
        this.runtime = runtime;
        this.node = node;
    }

    /** The mount of a new container instance's message file, or empty when its spec has no path. */
    public Optional<ContainerConfig.Mount> mount(String podUid, Container c, int attempt) {
        String path = c.getTerminationMessagePath() == null ? "/dev/termination-log" : c.getTerminationMessagePath();
        if (path.isEmpty()) {
            return Optional.empty();
        }
        Path file = file(podUid, c.getName(), attempt);
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
        return Optional.of(new ContainerConfig.Mount(file.toString(), path, false));
    }

    /** The message of an exited instance of {@code c} (null when there is none). */
    public String message(String podUid, Container c, ContainerStatus exited) {
        return cache.computeIfAbsent(exited.id(), id -> {
            String text = readFile(file(podUid, exited.name(), exited.attempt()));
            if (text.isEmpty() && c != null && "FallbackToLogsOnError".equals(c.getTerminationMessagePolicy())
                    && exited.exitCode() != 0) {
                text = tail(exited.id());
            }
            if (text.isEmpty() && exited.message() != null) {
                text = exited.message();
            }
            return text;
        });
    }

    /** Forgets what was read for a pod's containers (its instances are gone). */
    public void forget(Iterable<String> containerIds) {
        containerIds.forEach(cache::remove);
    }

    private Path file(String podUid, String name, int attempt) {
        return node.podDirectory(podUid).resolve("containers").resolve(name).resolve("termination-log-" + attempt);
    }

    private static String readFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(MAX_FILE), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private String tail(String containerId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            runtime.logs(containerId, new LogOptions(false, LOG_LINES, null, -1, false), new LogSink() {
                @Override
                public void line(Instant time, boolean stderr, byte[] line) {
                    out.writeBytes(line);
                }

                @Override
                public boolean isClosed() {
                    return false;
                }
            });
        } catch (RuntimeUnavailableException | UnsupportedOperationException e) {
            return "";
        }
        byte[] all = out.toByteArray();
        int from = Math.max(0, all.length - MAX_LOG);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }
}

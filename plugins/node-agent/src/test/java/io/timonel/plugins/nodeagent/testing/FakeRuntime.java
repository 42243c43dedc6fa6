package io.timonel.plugins.nodeagent.testing;

import io.timonel.spi.runtime.ContainerConfig;
import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.ContainerStats;
import io.timonel.spi.runtime.ContainerStatus;
import io.timonel.spi.runtime.ExecResult;
import io.timonel.spi.runtime.ImageInfo;
import io.timonel.spi.runtime.LogOptions;
import io.timonel.spi.runtime.LogSink;
import io.timonel.spi.runtime.NotFoundException;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import io.timonel.spi.runtime.SandboxConfig;
import io.timonel.spi.runtime.SandboxStatus;
import io.timonel.spi.runtime.StreamOptions;
import io.timonel.spi.runtime.StreamSession;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An in-memory runtime: sandboxes get IPs 10.0.0.N, containers run when started until a test
 * ends them ({@link #exit}) or the agent stops them (exit 137 after a stop, 0 when the stop
 * signal was handled, see {@link #exitOnStop}). Records the calls it got.
 */
public final class FakeRuntime implements ContainerRuntime {
    private final Clock clock;
    private final Map<String, SandboxStatus> sandboxes = new LinkedHashMap<>();
    private final Map<String, ContainerStatus> containers = new LinkedHashMap<>();
    private final Map<String, ContainerConfig> configs = new LinkedHashMap<>();
    private final Map<String, ImageInfo> images = new LinkedHashMap<>();
    public final List<String> calls = new ArrayList<>();
    public final List<SandboxConfig> sandboxConfigs = new ArrayList<>();
    public Function<List<String>, ExecResult> exec = cmd -> new ExecResult(0, new byte[0], new byte[0], false);
    public int exitOnStop = 137;
    public boolean down;
    private int next = 1;

    public FakeRuntime(Clock clock) {
        this.clock = clock;
        addImage("busybox:local");
        addImage("timonel.io/pause:1.0");
    }

    public synchronized void addImage(String tag) {
        images.put(tag, new ImageInfo("sha256:" + Integer.toHexString(tag.hashCode()), List.of(tag), 1000));
    }

    private void check() {
        if (down) {
            throw new RuntimeUnavailableException("runtime down");
        }
    }

    @Override
    public String version() {
        check();
        return "fake://1.0";
    }

    @Override
    public synchronized List<ImageInfo> listImages() {
        check();
        return List.copyOf(images.values());
    }

    @Override
    public synchronized Optional<ImageInfo> image(String reference) {
        check();
        return Optional.ofNullable(images.get(reference));
    }

    @Override
    public synchronized List<ImageInfo> importImage(Path tarball) {
        calls.add("import " + tarball.getFileName());
        return List.of();
    }

    @Override
    public ImageInfo pullImage(String reference) {
        calls.add("pull " + reference);
        throw new RuntimeUnavailableException("no registry reachable for " + reference);
    }

    @Override
    public synchronized String runSandbox(SandboxConfig config) {
        check();
        String id = "sb" + next++;
        sandboxes.put(id, new SandboxStatus(id, true, config.hostNetwork() ? null : "10.0.0." + next,
                clock.instant(), config.labels(), config.annotations()));
        sandboxConfigs.add(config);
        calls.add("runSandbox " + config.podName());
        return id;
    }

    @Override
    public synchronized void stopSandbox(String sandboxId) {
        SandboxStatus s = sandboxes.get(sandboxId);
        if (s != null) {
            sandboxes.put(sandboxId, new SandboxStatus(s.id(), false, s.ip(), s.createdAt(), s.labels(), s.annotations()));
            containers.values().stream().filter(c -> c.sandboxId().equals(sandboxId)
                    && c.state() == ContainerStatus.State.RUNNING).toList().forEach(c -> exit(c.id(), 137));
            calls.add("stopSandbox " + sandboxId);
        }
    }

    @Override
    public synchronized void removeSandbox(String sandboxId) {
        if (sandboxes.remove(sandboxId) != null) {
            containers.values().removeIf(c -> c.sandboxId().equals(sandboxId));
            calls.add("removeSandbox " + sandboxId);
        }
    }

    @Override
    public synchronized List<SandboxStatus> listSandboxes() {
        check();
        return List.copyOf(sandboxes.values());
    }

    @Override
    public synchronized String createContainer(String sandboxId, ContainerConfig config, SandboxConfig sandbox) {
        check();
        if (!sandboxes.containsKey(sandboxId)) {
            throw new NotFoundException("no sandbox " + sandboxId);
        }
        String id = "c" + next++;
        ImageInfo image = images.get(config.image());
        containers.put(id, new ContainerStatus(id, sandboxId, config.name(), config.attempt(),
                ContainerStatus.State.CREATED, config.image(), image == null ? "" : image.id(), clock.instant(), null,
                null, 0, null, null, config.labels(), config.annotations()));
        configs.put(id, config);
        calls.add("create " + config.name() + "#" + config.attempt());
        return id;
    }

    @Override
    public synchronized void startContainer(String containerId) {
        ContainerStatus c = get(containerId);
        containers.put(containerId, with(c, ContainerStatus.State.RUNNING, clock.instant(), null, 0, null));
        calls.add("start " + c.name() + "#" + c.attempt());
    }

    @Override
    public synchronized void stopContainer(String containerId, Duration grace) {
        ContainerStatus c = get(containerId);
        calls.add("stop " + c.name() + "#" + c.attempt() + " " + grace.toSeconds() + "s");
        if (c.state() == ContainerStatus.State.RUNNING) {
            exit(containerId, exitOnStop);
        }
    }

    @Override
    public synchronized void removeContainer(String containerId) {
        ContainerStatus c = containers.remove(containerId);
        if (c != null) {
            calls.add("remove " + c.name() + "#" + c.attempt());
        }
    }

    @Override
    public synchronized List<ContainerStatus> listContainers() {
        check();
        return List.copyOf(containers.values());
    }

    @Override
    public synchronized ContainerStatus containerStatus(String containerId) {
        return get(containerId);
    }

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        calls.add("exec " + String.join(" ", command));
        return exec.apply(command);
    }

    @Override
    public StreamSession exec(String containerId, List<String> command, StreamOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public StreamSession attach(String containerId, StreamOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void logs(String containerId, LogOptions options, LogSink sink) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized ContainerStats stats(String containerId) {
        return new ContainerStats(clock.instant(), 0, 1024);
    }

    @Override
    public void close() {
    }

    // ---- test controls ------------------------------------------------------------------------------

    /** Ends a running container with an exit code. */
    public synchronized void exit(String containerId, int code) {
        ContainerStatus c = get(containerId);
        containers.put(containerId, with(c, ContainerStatus.State.EXITED, c.startedAt(), clock.instant(), code,
                code == 0 ? "Completed" : "Error"));
    }

    /** The newest container of a name. */
    public synchronized ContainerStatus latest(String name) {
        return containers.values().stream().filter(c -> c.name().equals(name))
                .max(java.util.Comparator.comparingInt(ContainerStatus::attempt)).orElseThrow();
    }

    public synchronized List<ContainerStatus> containers() {
        return List.copyOf(containers.values());
    }

    public synchronized List<SandboxStatus> sandboxes() {
        return List.copyOf(sandboxes.values());
    }

    public synchronized ContainerConfig config(String containerId) {
        return configs.get(containerId);
    }

    /** Makes the sandbox die (as when its pause process is killed). */
    public synchronized void killSandbox(String sandboxId) {
        stopSandbox(sandboxId);
    }

    private ContainerStatus get(String id) {
        ContainerStatus c = containers.get(id);
        if (c == null) {
            throw new NotFoundException("no container " + id);
        }
        return c;
    }

    private static ContainerStatus with(ContainerStatus c, ContainerStatus.State state, java.time.Instant started,
                                        java.time.Instant finished, int exitCode, String reason) {
        return new ContainerStatus(c.id(), c.sandboxId(), c.name(), c.attempt(), state, c.image(), c.imageId(),
                c.createdAt(), started, finished, exitCode, reason, null, c.labels(), c.annotations());
    }
}

package io.timonel.plugins.runtime.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import io.timonel.plugins.runtime.docker.engine.EngineSocket;
import io.timonel.spi.runtime.ContainerConfig;
import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.ContainerStats;
import io.timonel.spi.runtime.ContainerStatus;
import io.timonel.spi.runtime.ExecResult;
import io.timonel.spi.runtime.ImageInfo;
import io.timonel.spi.runtime.LogOptions;
import io.timonel.spi.runtime.LogSink;
import io.timonel.spi.runtime.SandboxConfig;
import io.timonel.spi.runtime.SandboxStatus;
import io.timonel.spi.runtime.StreamOptions;
import io.timonel.spi.runtime.StreamSession;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The {@link ContainerRuntime} over one Docker Engine. Each concern lives in its own part
 * ({@link Images}, {@link Sandboxes}, {@link Containers}, {@link Execs}, {@link Logs},
 * {@link Stats}); this class only routes to them and owns the resources they share. Thread-safe.
 */
public final class DockerRuntime implements ContainerRuntime {
    private final Engine engine;
    private final AutoCloseable client;
    private final Images images;
    private final Containers containers;
    private final Sandboxes sandboxes;
    private final Execs execs;
    private final Logs logs;
    private final Stats stats;

    /**
     * @param api          docker-java's client
     * @param client       what to close with the runtime (the client's transport)
     * @param socket       the engine's unix socket, for streams
     * @param sandboxImage the pause image sandboxes run
     * @param streams      runs blocking stream pumps, one task per open stream; shut down by {@link #close()}
     * @param timers       runs short periodic checks; shut down by {@link #close()}
     */
    DockerRuntime(DockerClient api, AutoCloseable client, EngineSocket socket, String sandboxImage, Clock clock,
                  ExecutorService streams, ScheduledExecutorService timers) {
        this.engine = new Engine(api, socket, new ObjectMapper(), clock, streams, timers);
        this.client = client;
        this.images = new Images(engine);
        this.containers = new Containers(engine);
        this.sandboxes = new Sandboxes(engine, sandboxImage, containers);
        this.execs = new Execs(engine, containers);
        this.logs = new Logs(engine, containers);
        this.stats = new Stats(engine);
    }

    @Override
    public String version() {
        return "docker://" + engine.call("asking the version", () -> engine.api().versionCmd().exec()).getVersion();
    }

    @Override
    public List<ImageInfo> listImages() {
        return images.list();
    }

    @Override
    public Optional<ImageInfo> image(String reference) {
        return images.get(reference);
    }

    @Override
    public List<ImageInfo> importImage(Path tarball) {
        return images.importTarball(tarball);
    }

    @Override
    public ImageInfo pullImage(String reference) {
        return images.pull(reference);
    }

    @Override
    public String runSandbox(SandboxConfig config) {
        return sandboxes.run(config);
    }

    @Override
    public void stopSandbox(String sandboxId) {
        sandboxes.stop(sandboxId);
    }

    @Override
    public void removeSandbox(String sandboxId) {
        sandboxes.remove(sandboxId);
    }

    /** Docker sandboxes start with network mode none: the agent attaches them to the pod network. */
    @Override
    public boolean wiresPodNetwork() {
        return false;
    }

    @Override
    public String networkNamespace(String sandboxId) {
        return sandboxes.networkNamespace(sandboxId);
    }

    @Override
    public List<SandboxStatus> listSandboxes() {
        return sandboxes.list();
    }

    @Override
    public String createContainer(String sandboxId, ContainerConfig config, SandboxConfig sandbox) {
        return containers.create(sandboxId, config, sandbox);
    }

    @Override
    public void startContainer(String containerId) {
        containers.start(containerId);
    }

    @Override
    public void stopContainer(String containerId, Duration grace) {
        containers.stop(containerId, grace);
    }

    @Override
    public void removeContainer(String containerId) {
        containers.remove(containerId);
    }

    @Override
    public List<ContainerStatus> listContainers() {
        return containers.list();
    }

    @Override
    public ContainerStatus containerStatus(String containerId) {
        return containers.status(containerId);
    }

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        return execs.execSync(containerId, command, timeout);
    }

    @Override
    public StreamSession exec(String containerId, List<String> command, StreamOptions options) {
        return execs.exec(containerId, command, options);
    }

    @Override
    public StreamSession attach(String containerId, StreamOptions options) {
        return execs.attach(containerId, options);
    }

    @Override
    public void logs(String containerId, LogOptions options, LogSink sink) {
        logs.read(containerId, options, sink);
    }

    @Override
    public ContainerStats stats(String containerId) {
        return stats.read(containerId);
    }

    @Override
    public void close() {
        engine.timers().shutdownNow();
        engine.streams().shutdownNow();
        try {
            client.close();
        } catch (Exception e) {
            // closing: nothing to recover
        }
    }
}

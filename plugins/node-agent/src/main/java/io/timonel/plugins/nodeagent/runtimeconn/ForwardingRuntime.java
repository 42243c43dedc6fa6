package io.timonel.plugins.nodeagent.runtimeconn;

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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A runtime that passes every call on to another: the base of the agent's layers around the
 * runtime, which override only what they change.
 */
public abstract class ForwardingRuntime implements ContainerRuntime {
    protected final ContainerRuntime runtime;

    protected ForwardingRuntime(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public boolean wiresPodNetwork() {
        return runtime.wiresPodNetwork();
    }

    @Override
    public String networkNamespace(String sandboxId) {
        return runtime.networkNamespace(sandboxId);
    }

    @Override
    public String version() {
        return runtime.version();
    }

    @Override
    public String runSandbox(SandboxConfig config) {
        return runtime.runSandbox(config);
    }

    @Override
    public void stopSandbox(String sandboxId) {
        runtime.stopSandbox(sandboxId);
    }

    @Override
    public void removeSandbox(String sandboxId) {
        runtime.removeSandbox(sandboxId);
    }

    @Override
    public List<SandboxStatus> listSandboxes() {
        return runtime.listSandboxes();
    }

    @Override
    public List<ImageInfo> listImages() {
        return runtime.listImages();
    }

    @Override
    public Optional<ImageInfo> image(String reference) {
        return runtime.image(reference);
    }

    @Override
    public List<ImageInfo> importImage(Path tarball) {
        return runtime.importImage(tarball);
    }

    @Override
    public ImageInfo pullImage(String reference) {
        return runtime.pullImage(reference);
    }

    @Override
    public String createContainer(String sandboxId, ContainerConfig config, SandboxConfig sandbox) {
        return runtime.createContainer(sandboxId, config, sandbox);
    }

    @Override
    public void startContainer(String containerId) {
        runtime.startContainer(containerId);
    }

    @Override
    public void stopContainer(String containerId, Duration grace) {
        runtime.stopContainer(containerId, grace);
    }

    @Override
    public void removeContainer(String containerId) {
        runtime.removeContainer(containerId);
    }

    @Override
    public List<ContainerStatus> listContainers() {
        return runtime.listContainers();
    }

    @Override
    public ContainerStatus containerStatus(String containerId) {
        return runtime.containerStatus(containerId);
    }

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        return runtime.execSync(containerId, command, timeout);
    }

    @Override
    public StreamSession exec(String containerId, List<String> command, StreamOptions options) {
        return runtime.exec(containerId, command, options);
    }

    @Override
    public StreamSession attach(String containerId, StreamOptions options) {
        return runtime.attach(containerId, options);
    }

    @Override
    public void logs(String containerId, LogOptions options, LogSink sink) {
        runtime.logs(containerId, options, sink);
    }

    @Override
    public ContainerStats stats(String containerId) {
        return runtime.stats(containerId);
    }

    @Override
    public void close() {
        runtime.close();
    }
}

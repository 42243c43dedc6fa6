package io.timonel.plugins.nodeagent.runtimeconn;

import io.timonel.spi.runtime.ContainerConfig;
import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.ContainerStats;
import io.timonel.spi.runtime.ContainerStatus;
import io.timonel.spi.runtime.ExecResult;
import io.timonel.spi.runtime.ImageInfo;
import io.timonel.spi.runtime.LogOptions;
import io.timonel.spi.runtime.LogSink;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import io.timonel.spi.runtime.SandboxConfig;
import io.timonel.spi.runtime.SandboxStatus;
import io.timonel.spi.runtime.StreamOptions;
import io.timonel.spi.runtime.StreamSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The runtime the agent talks to, whichever connection is current: every part of the agent holds
 * this one object, and the {@link RuntimeSupervisor} swaps the connection underneath when the
 * runtime goes away and comes back. While there is none, every call throws
 * {@link RuntimeUnavailableException}. Thread-safe.
 */
public final class RuntimeConnection implements ContainerRuntime {
    private final String name;
    private volatile ContainerRuntime current;
    private volatile String version;

    /** @param name the runtime's name, for messages ({@code docker}) */
    public RuntimeConnection(String name) {
        this.name = name;
    }

    /** Makes {@code runtime} the current connection (its version read once) and closes the one before. */
    void connect(ContainerRuntime runtime, String runtimeVersion) {
        ContainerRuntime before = current;
        version = runtimeVersion;
        current = runtime;
        if (before != null && before != runtime) {
            closeQuietly(before);
        }
    }

    /** Drops the current connection. */
    void disconnect() {
        ContainerRuntime before = current;
        current = null;
        if (before != null) {
            closeQuietly(before);
        }
    }

    /** True while there is a connection. */
    public boolean isUp() {
        return current != null;
    }

    /** The runtime's name as configured ({@code docker}). */
    public String name() {
        return name;
    }

    /** The current connection, for health checks. */
    ContainerRuntime currentOrNull() {
        return current;
    }

    private ContainerRuntime rt() {
        ContainerRuntime r = current;
        if (r == null) {
            throw new RuntimeUnavailableException("container runtime " + name + " is not connected");
        }
        return r;
    }

    private static void closeQuietly(ContainerRuntime runtime) {
        try {
            runtime.close();
        } catch (RuntimeException ignored) {
            // it is gone either way
        }
    }

    /** The version read when the connection was made (no call to the runtime). */
    @Override
    public String version() {
        String v = version;
        if (v == null || current == null) {
            throw new RuntimeUnavailableException("container runtime " + name + " is not connected");
        }
        return v;
    }

    @Override
    public List<ImageInfo> listImages() {
        return rt().listImages();
    }

    @Override
    public Optional<ImageInfo> image(String reference) {
        return rt().image(reference);
    }

    @Override
    public List<ImageInfo> importImage(Path tarball) {
        return rt().importImage(tarball);
    }

    @Override
    public ImageInfo pullImage(String reference) {
        return rt().pullImage(reference);
    }

    @Override
    public boolean wiresPodNetwork() {
        return rt().wiresPodNetwork();
    }

    @Override
    public String networkNamespace(String sandboxId) {
        return rt().networkNamespace(sandboxId);
    }

    @Override
    public String runSandbox(SandboxConfig config) {
        return rt().runSandbox(config);
    }

    @Override
    public void stopSandbox(String sandboxId) {
        rt().stopSandbox(sandboxId);
    }

    @Override
    public void removeSandbox(String sandboxId) {
        rt().removeSandbox(sandboxId);
    }

    @Override
    public List<SandboxStatus> listSandboxes() {
        return rt().listSandboxes();
    }

    @Override
    public String createContainer(String sandboxId, ContainerConfig config, SandboxConfig sandbox) {
        return rt().createContainer(sandboxId, config, sandbox);
    }

    @Override
    public void startContainer(String containerId) {
        rt().startContainer(containerId);
    }

    @Override
    public void stopContainer(String containerId, Duration grace) {
        rt().stopContainer(containerId, grace);
    }

    @Override
    public void removeContainer(String containerId) {
        rt().removeContainer(containerId);
    }

    @Override
    public List<ContainerStatus> listContainers() {
        return rt().listContainers();
    }

    @Override
    public ContainerStatus containerStatus(String containerId) {
        return rt().containerStatus(containerId);
    }

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        return rt().execSync(containerId, command, timeout);
    }

    @Override
    public StreamSession exec(String containerId, List<String> command, StreamOptions options) {
        return rt().exec(containerId, command, options);
    }

    @Override
    public StreamSession attach(String containerId, StreamOptions options) {
        return rt().attach(containerId, options);
    }

    @Override
    public void logs(String containerId, LogOptions options, LogSink sink) {
        rt().logs(containerId, options, sink);
    }

    @Override
    public ContainerStats stats(String containerId) {
        return rt().stats(containerId);
    }

    /** Closes the current connection; the object stays usable (and unconnected). */
    @Override
    public void close() {
        disconnect();
    }
}

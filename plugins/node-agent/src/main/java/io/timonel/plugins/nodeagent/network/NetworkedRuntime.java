package io.timonel.plugins.nodeagent.network;

import io.timonel.spi.network.PodAddresses;
import io.timonel.spi.network.PodAttachment;
import io.timonel.spi.network.PodNetwork;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime with the pod network put in: the rest of the agent runs sandboxes and reads their
 * IPs as before, and this layer does what the CRI does around a runtime that leaves networking to
 * the agent. A sandbox that is not hostNetwork starts only once the node's pod network is ready
 * (else {@link RuntimeUnavailableException} saying why, which the pod's status shows); when the
 * runtime does not {@linkplain ContainerRuntime#wiresPodNetwork() wire pods itself}, it is
 * attached right after it starts (undone if that fails), reports the network's address as its IP
 * (also after a restart of the agent), and is detached before it stops and before it is removed.
 */
public final class NetworkedRuntime implements ContainerRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkedRuntime.class);

    private final ContainerRuntime runtime;
    private final NetworkState network;

    public NetworkedRuntime(ContainerRuntime runtime, NetworkState network) {
        this.runtime = runtime;
        this.network = network;
    }

    private boolean attaches() {
        return network.managed() && !runtime.wiresPodNetwork();
    }

    @Override
    public String runSandbox(SandboxConfig config) {
        if (config.hostNetwork() || !network.managed()) {
            return runtime.runSandbox(config);
        }
        Optional<String> problem = network.problem();
        if (problem.isPresent()) {
            throw new RuntimeUnavailableException("network is not ready: container runtime network not ready: "
                    + "NetworkReady=false reason:NetworkPluginNotReady message:" + problem.get());
        }
        String id = runtime.runSandbox(config);
        if (runtime.wiresPodNetwork()) {
            return id;
        }
        try {
            PodNetwork pods = network.network().orElseThrow(() -> new IllegalStateException("pod network closed"));
            pods.attach(new PodAttachment(config.podNamespace(), config.podName(), config.podUid(), id,
                    runtime.networkNamespace(id), config.portMappings()));
            return id;
        } catch (RuntimeException e) {
            LOG.warn("pod {}/{}: sandbox {} not attached to the pod network: {}", config.podNamespace(),
                    config.podName(), id, e.getMessage());
            undo(id);
            throw new RuntimeUnavailableException("failed to set up sandbox container \"" + id
                    + "\" network for pod \"" + config.podName() + "\": " + e.getMessage(), e);
        }
    }

    private void undo(String id) {
        try {
            detach(id, null);
            runtime.stopSandbox(id);
            runtime.removeSandbox(id);
        } catch (RuntimeException e) {
            LOG.debug("sandbox {} not cleaned up after a failed attach: {}", id, e.getMessage());
        }
    }

    @Override
    public void stopSandbox(String sandboxId) {
        if (attaches()) {
            String netns;
            try {
                netns = runtime.networkNamespace(sandboxId);
            } catch (NotFoundException e) {
                netns = null; // not running: the interface went with its namespace
            }
            detach(sandboxId, netns);
        }
        runtime.stopSandbox(sandboxId);
    }

    @Override
    public void removeSandbox(String sandboxId) {
        if (attaches()) {
            detach(sandboxId, null);
        }
        runtime.removeSandbox(sandboxId);
    }

    private void detach(String sandboxId, String netns) {
        network.opened().ifPresent(pods -> pods.detach(new PodAttachment(null, null, null, sandboxId, netns, List.of())));
    }

    @Override
    public List<SandboxStatus> listSandboxes() {
        List<SandboxStatus> sandboxes = runtime.listSandboxes();
        if (!attaches()) {
            return sandboxes;
        }
        Optional<PodNetwork> pods = network.opened();
        if (pods.isEmpty()) {
            return sandboxes;
        }
        List<SandboxStatus> out = new ArrayList<>(sandboxes.size());
        for (SandboxStatus s : sandboxes) {
            Optional<PodAddresses> addresses = s.ip() == null ? pods.get().addresses(s.id()) : Optional.empty();
            out.add(addresses.isEmpty() ? s : new SandboxStatus(s.id(), s.ready(), addresses.get().primary(),
                    s.createdAt(), s.labels(), s.annotations()));
        }
        return out;
    }

    // ---- the rest goes to the runtime as it is -----------------------------------------------------

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

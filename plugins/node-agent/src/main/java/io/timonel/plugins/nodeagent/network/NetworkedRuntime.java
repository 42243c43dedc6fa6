package io.timonel.plugins.nodeagent.network;

import io.timonel.plugins.nodeagent.runtimeconn.ForwardingRuntime;
import io.timonel.spi.network.PodAddresses;
import io.timonel.spi.network.PodAttachment;
import io.timonel.spi.network.PodNetwork;
import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.NotFoundException;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import io.timonel.spi.runtime.SandboxConfig;
import io.timonel.spi.runtime.SandboxStatus;
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
public final class NetworkedRuntime extends ForwardingRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkedRuntime.class);

    private final NetworkState network;

    public NetworkedRuntime(ContainerRuntime runtime, NetworkState network) {
        super(runtime);
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
}

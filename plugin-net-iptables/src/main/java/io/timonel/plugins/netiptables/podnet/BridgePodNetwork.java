package io.timonel.plugins.netiptables.podnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.spi.network.PodAddresses;
import io.timonel.spi.network.PodAttachment;
import io.timonel.spi.network.PodNetwork;
import io.timonel.spi.runtime.SandboxConfig.PortMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's bridge pod network ({@link BridgeConfig}). {@link #configure} writes the configuration
 * list to the CNI conf directory (where containerd's CRI reads it); {@link #attach} and
 * {@link #detach} run the CNI plugins themselves for runtimes that leave the network to the agent.
 * Plugin runs are serialised: the bridge and portmap plugins change node-wide state.
 */
final class BridgePodNetwork implements PodNetwork {
    static final String IFNAME = "eth0";
    private static final Logger LOG = LoggerFactory.getLogger(BridgePodNetwork.class);

    private final ObjectMapper json;
    private final CniNetworkList cni;
    private final Path confDir;
    private final String bridge;
    private final Path ipamDir;
    private final Attachments attachments;
    private final ReentrantLock plugins = new ReentrantLock();
    private volatile JsonNode conflist;

    /**
     * @param confDir  where the configuration list is written ({@code /etc/cni/net.d})
     * @param stateDir the network's own state: attachments and host-local's allocations
     */
    BridgePodNetwork(ObjectMapper json, CniPlugins plugins, Path binDir, Path confDir, String bridge, Path stateDir) {
        this.json = json;
        this.bridge = bridge;
        this.cni = new CniNetworkList(json, plugins, binDir);
        this.confDir = confDir;
        this.ipamDir = stateDir.resolve("ipam");
        this.attachments = new Attachments(json, stateDir.resolve("sandboxes"));
    }

    @Override
    public void configure(List<String> podCidrs) {
        if (podCidrs.isEmpty()) {
            throw new IllegalArgumentException("a node's pod network needs a pod CIDR");
        }
        ObjectNode list = BridgeConfig.conflist(json, bridge, podCidrs, ipamDir);
        if (list.equals(conflist)) {
            return;
        }
        try {
            Files.createDirectories(confDir);
            Files.createDirectories(ipamDir);
            Path tmp = confDir.resolve("." + BridgeConfig.FILE + ".tmp");
            Files.writeString(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsString(list),
                    StandardCharsets.UTF_8);
            Files.move(tmp, confDir.resolve(BridgeConfig.FILE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CNI configuration to " + confDir, e);
        }
        conflist = list;
        LOG.info("pod network: bridge {} for {} ({})", bridge, podCidrs,
                confDir.resolve(BridgeConfig.FILE));
    }

    @Override
    public PodAddresses attach(PodAttachment pod) {
        Optional<PodAddresses> known = addresses(pod.sandboxId());
        if (known.isPresent()) {
            return known.get();
        }
        JsonNode list = conflist;
        if (list == null) {
            throw new IllegalStateException("the node has no pod CIDR yet");
        }
        if (pod.netnsPath() == null) {
            throw new IllegalStateException("sandbox " + pod.sandboxId() + " has no network namespace");
        }
        ObjectNode capabilities = json.createObjectNode();
        capabilities.set("portMappings", portMappings(pod.portMappings()));
        Attachments.Attachment pending = new Attachments.Attachment(pod.sandboxId(), pod.podNamespace(),
                pod.podName(), pod.podUid(), pod.netnsPath(), list, capabilities, null);
        plugins.lock();
        try {
            attachments.put(pending);
            CniNetworkList.Added lo = cni.add(BridgeConfig.loopback(json), pod.sandboxId(), pod.netnsPath(), "lo",
                    Map.of());
            if (!lo.ok()) {
                undo(pending);
                throw new IllegalStateException("loopback: " + lo.error());
            }
            CniNetworkList.Added added = cni.add(list, pod.sandboxId(), pod.netnsPath(), IFNAME, caps(capabilities));
            if (!added.ok()) {
                undo(pending);
                throw new IllegalStateException(added.error());
            }
            List<String> ips = ips(added.result());
            if (ips.isEmpty()) {
                undo(pending);
                throw new IllegalStateException("the CNI result has no address: " + added.result());
            }
            attachments.put(new Attachments.Attachment(pod.sandboxId(), pod.podNamespace(), pod.podName(),
                    pod.podUid(), pod.netnsPath(), list, capabilities, added.result()));
            return new PodAddresses(ips);
        } finally {
            plugins.unlock();
        }
    }

    @Override
    public void detach(PodAttachment pod) {
        plugins.lock();
        try {
            Optional<Attachments.Attachment> known = attachments.get(pod.sandboxId());
            if (known.isEmpty()) {
                return;
            }
            Attachments.Attachment a = known.get();
            String netns = pod.netnsPath() != null && Files.exists(Path.of(pod.netnsPath())) ? pod.netnsPath() : null;
            String error = cni.delete(a.config(), a.sandboxId(), netns, IFNAME, caps(a.capabilities()), a.result());
            if (error != null) {
                // the address may stay taken; the record goes anyway, or every stop would fail the same way
                LOG.warn("pod network: removing sandbox {} of pod {}/{} failed: {}", a.sandboxId(), a.podNamespace(),
                        a.podName(), error);
            }
            attachments.remove(a.sandboxId());
        } finally {
            plugins.unlock();
        }
    }

    @Override
    public Optional<PodAddresses> addresses(String sandboxId) {
        return attachments.get(sandboxId).filter(a -> a.result() != null).map(a -> ips(a.result()))
                .filter(ips -> !ips.isEmpty()).map(PodAddresses::new);
    }

    /** DEL after a failed ADD, so no half-made interface or address stays behind. */
    private void undo(Attachments.Attachment pending) {
        cni.delete(pending.config(), pending.sandboxId(), pending.netns(), IFNAME, caps(pending.capabilities()), null);
        attachments.remove(pending.sandboxId());
    }

    private static Map<String, JsonNode> caps(JsonNode capabilities) {
        Map<String, JsonNode> out = new java.util.HashMap<>();
        if (capabilities != null) {
            capabilities.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** portmap's runtime value: {@code [{"hostPort":8080,"containerPort":80,"protocol":"tcp","hostIP":""}]}. */
    private ArrayNode portMappings(List<PortMapping> mappings) {
        ArrayNode out = json.createArrayNode();
        for (PortMapping m : mappings) {
            if (m.hostPort() <= 0) {
                continue;
            }
            ObjectNode p = out.addObject();
            p.put("hostPort", m.hostPort());
            p.put("containerPort", m.containerPort());
            p.put("protocol", (m.protocol() == null ? "TCP" : m.protocol()).toLowerCase(Locale.ROOT));
            if (m.hostIp() != null && !m.hostIp().isBlank()) {
                p.put("hostIP", m.hostIp());
            }
        }
        return out;
    }

    /** The addresses of a CNI result, without their prefix lengths, IPv4 first. */
    static List<String> ips(JsonNode result) {
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        for (JsonNode ip : result.path("ips")) {
            String address = ip.path("address").asText("");
            int slash = address.indexOf('/');
            String bare = slash < 0 ? address : address.substring(0, slash);
            if (!bare.isEmpty()) {
                (bare.contains(":") ? v6 : v4).add(bare);
            }
        }
        v4.addAll(v6);
        return v4;
    }

    @Override
    public void close() {
        // nothing held open: the interfaces live as long as their sandboxes
    }
}

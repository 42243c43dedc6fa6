package io.timonel.plugins.nodeagent.network;

import io.timonel.spi.network.PodNetwork;
import io.timonel.spi.network.PodNetworkProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's pod network as the agent sees it: the provider its {@code network} setting names
 * (looked up until a plugin offers it), opened and configured once the Node has pod CIDRs. Until
 * then it says what is missing, which the Node's Ready condition reports and which keeps pods
 * that are not hostNetwork from starting. With {@code network} {@value #NONE} the agent manages no
 * pod network: pods get what the runtime gives them. Thread-safe.
 */
public final class NetworkState implements AutoCloseable {
    public static final String NONE = "none";
    private static final Logger LOG = LoggerFactory.getLogger(NetworkState.class);

    private final String name;
    private final Supplier<List<PodNetworkProvider>> providers;
    private final String nodeName;
    private final Map<String, String> settings;
    private final Path stateDir;
    private PodNetwork network;
    private List<String> podCidrs = List.of();
    private String problem;

    /**
     * @param name      the provider's name ({@code bridge}), or {@value #NONE}
     * @param providers what the plugins offer, asked again while the provider is missing
     * @param settings  the agent's settings, handed to the provider
     * @param stateDir  the agent's state directory
     */
    public NetworkState(String name, Supplier<List<PodNetworkProvider>> providers, String nodeName,
                        Map<String, String> settings, Path stateDir) {
        this.name = name;
        this.providers = providers;
        this.nodeName = nodeName;
        this.settings = Map.copyOf(settings);
        this.stateDir = stateDir;
        this.problem = managed() ? "no pod CIDR assigned to the node yet" : null;
    }

    /** False with {@code network: none}: the agent neither waits for nor attaches a pod network. */
    public boolean managed() {
        return !NONE.equals(name);
    }

    /** The Node's {@code spec.podCIDRs} (or its podCIDR) as last seen; opens and configures the network. */
    public synchronized void podCidrs(List<String> cidrs) {
        if (!managed()) {
            return;
        }
        List<String> now = List.copyOf(cidrs);
        if (network != null && now.equals(podCidrs)) {
            return;
        }
        podCidrs = now;
        if (now.isEmpty()) {
            problem = "no pod CIDR assigned to the node yet";
            return;
        }
        if (network == null) {
            Optional<PodNetworkProvider> provider = providers.get().stream().filter(p -> name.equals(p.name()))
                    .findFirst();
            if (provider.isEmpty()) {
                problem = "no network plugin provides pod network \"" + name + "\"";
                return;
            }
            try {
                network = provider.get().open(nodeName, settings, stateDir);
            } catch (RuntimeException e) {
                problem = "pod network " + name + " failed to open: " + e.getMessage();
                LOG.warn("pod network {} failed to open", name, e);
                return;
            }
        }
        try {
            network.configure(now);
            problem = null;
        } catch (RuntimeException e) {
            problem = "pod network " + name + " not configured: " + e.getMessage();
            LOG.warn("pod network {} not configured for {}", name, now, e);
        }
    }

    /** Tries again what failed (a provider that was missing may have started since). */
    public void retry() {
        List<String> cidrs;
        synchronized (this) {
            if (problem == null || podCidrs.isEmpty()) {
                return;
            }
            cidrs = podCidrs;
            podCidrs = List.of(); // forces the attempt
        }
        podCidrs(cidrs);
    }

    /** Why pods cannot get a network yet, or empty when they can (or the agent manages none). */
    public synchronized Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** The open network, once it is configured. */
    public synchronized Optional<PodNetwork> network() {
        return problem == null ? Optional.ofNullable(network) : Optional.empty();
    }

    /** The open network even while it is not configured (to detach what it attached before). */
    synchronized Optional<PodNetwork> opened() {
        return Optional.ofNullable(network);
    }

    @Override
    public synchronized void close() {
        if (network != null) {
            network.close();
            network = null;
        }
    }
}

package io.timonel.cli;

import io.timonel.kernel.plugin.PluginHost;
import io.timonel.spi.network.PodNetwork;
import io.timonel.spi.network.PodNetworkProvider;
import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.ContainerRuntimeProvider;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How a command reaches the node's container runtime without a server: it loads the bundle's
 * plugins and opens the runtime the node agent would use ({@code --runtime}, else the config's
 * {@code controllers.node-agent.runtime}, else docker) with the node agent's settings.
 */
final class RuntimeOptions {

    @Option(names = "--runtime", paramLabel = "NAME",
            description = "Container runtime: docker or containerd. Default: the node agent's (docker).")
    String runtime;

    @Mixin
    BundleOptions bundle;

    /**
     * An open runtime, the node agent's settings it was opened with and the plugins it came from;
     * close the runtime and the plugins with {@link Opened#close()}.
     */
    record Opened(String name, ContainerRuntime runtime, Map<String, String> settings, PluginHost plugins)
            implements AutoCloseable {

        /**
         * The pod network the node agent attaches this runtime's sandboxes to, opened on the agent's
         * state in {@code agentState} (its addresses and records), so that what it attached can be
         * detached: empty when the runtime wires pods itself (containerd's CRI releases them with
         * the sandbox), the agent manages no network ({@code network: none}), or no plugin offers it.
         */
        Optional<PodNetwork> podNetwork(String nodeName, Path agentState) {
            String network = settings.getOrDefault("network", "bridge").trim();
            if (runtime.wiresPodNetwork() || "none".equals(network)) {
                return Optional.empty();
            }
            return plugins.extensions(PodNetworkProvider.class).stream().filter(p -> p.name().equals(network))
                    .findFirst().map(p -> p.open(nodeName, settings, agentState));
        }

        @Override
        public void close() {
            try {
                runtime.close();
            } finally {
                plugins.close();
            }
        }
    }

    Opened open() throws java.io.IOException {
        ConfigFile config = bundle.loadConfig();
        Map<String, String> settings = new HashMap<>(config.controllers().getOrDefault(ServerCommand.NODE_AGENT, Map.of()));
        String name = runtime != null ? runtime : settings.getOrDefault("runtime", "docker");
        PluginHost plugins = PluginHost.load(bundle.pluginsDir(config), Set.copyOf(config.plugins().disabled()), Set.of());
        try {
            plugins.start();
            List<ContainerRuntimeProvider> providers = plugins.extensions(ContainerRuntimeProvider.class);
            ContainerRuntimeProvider provider = providers.stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no plugin provides the container runtime '" + name
                            + "' (available: " + providers.stream().map(ContainerRuntimeProvider::name).toList() + ")"));
            return new Opened(name, provider.open(settings), Map.copyOf(settings), plugins);
        } catch (RuntimeException e) {
            plugins.close();
            throw e;
        }
    }
}

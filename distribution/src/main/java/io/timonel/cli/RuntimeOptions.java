package io.timonel.cli;

import io.timonel.kernel.plugin.PluginHost;
import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.ContainerRuntimeProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** An open runtime and the plugins it came from; close both with {@link Opened#close()}. */
    record Opened(String name, ContainerRuntime runtime, PluginHost plugins) implements AutoCloseable {
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
            return new Opened(name, provider.open(settings), plugins);
        } catch (RuntimeException e) {
            plugins.close();
            throw e;
        }
    }
}

package io.timonel.cli;

import io.timonel.kernel.controller.NodeComponentHost;
import io.timonel.kernel.plugin.PluginHost;
import io.timonel.spi.controller.ApiAccess;
import io.timonel.spi.controller.Extensions;
import io.timonel.spi.node.NodeComponent;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code timonel agent}: this machine joins a cluster served elsewhere as one more node. It runs
 * the bundle's node components (the node agent) alone — no API server, no controllers — with the
 * cluster's join token, until SIGTERM or SIGINT. The pods' containers outlive it, as a kubelet's do.
 */
@Command(name = "agent", sortOptions = false, description = "Join a cluster as one more node: run the node agent "
        + "(and other node components) against the API server at --server, until stopped.")
public final class AgentCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "URL", description = "The API server, e.g. https://10.0.0.1:6443.")
    URI server;

    @Option(names = "--ca-file", required = true, paramLabel = "FILE",
            description = "The cluster CA certificate (the server's DATA_DIR/pki/ca.crt).")
    Path caFile;

    @Option(names = "--token-file", required = true, paramLabel = "FILE",
            description = "The node join token (the server's DATA_DIR/node-token).")
    Path tokenFile;

    @Option(names = "--node-name", paramLabel = "NAME", description = "This node's name. Default: the host name.")
    String nodeName;

    @Option(names = "--runtime", paramLabel = "NAME", description = "Container runtime: docker (default) or containerd.")
    String runtime;

    @Option(names = "--address", paramLabel = "IP",
            description = "This node's InternalIP, where the API server reaches its agent. Default: the first non-loopback IPv4.")
    String address;

    @Option(names = "--kubelet-port", paramLabel = "PORT",
            description = "Port of the agent's logs/exec/port-forward endpoint. Default: 10250 (0: any free one).")
    Integer kubeletPort;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The agent's state (volumes, logs). Default: ./agent-data.")
    Path dataDir = Path.of("agent-data");

    @Mixin
    NetworkOptions network;

    @Mixin
    BundleOptions bundle;

    @Override
    public Integer call() throws Exception {
        ConfigFile config = bundle.loadConfig();
        String node = nodeName != null && !nodeName.isBlank() ? nodeName : io.timonel.kernel.KernelConfig.defaults(Path.of(".")).effectiveNodeName();
        Map<String, Map<String, String>> settings = new HashMap<>(config.controllers());
        network.componentSettings().forEach((component, given) -> {
            Map<String, String> merged = new HashMap<>(settings.getOrDefault(component, Map.of()));
            merged.putAll(given);
            settings.put(component, merged);
        });
        Map<String, String> agent = new HashMap<>(settings.getOrDefault(ServerCommand.NODE_AGENT, Map.of()));
        if (runtime != null) {
            agent.put("runtime", runtime);
        }
        if (address != null) {
            agent.put("address", address);
        }
        if (kubeletPort != null) {
            agent.put("port", Integer.toString(kubeletPort));
        }
        BundleOptions.home().map(home -> home.resolve("images")).filter(Files::isDirectory)
                .ifPresent(images -> agent.putIfAbsent("imagesDir", images.toString()));
        settings.put(ServerCommand.NODE_AGENT, agent);

        String caPem = Files.readString(caFile, StandardCharsets.UTF_8);
        String token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
        ApiAccess access = new ApiAccess(server, caPem, token, "system:node:" + node);
        Path state = BundleOptions.absolute(dataDir);
        Files.createDirectories(state);

        PluginHost plugins = PluginHost.load(bundle.pluginsDir(config), Set.copyOf(config.plugins().disabled()),
                Set.copyOf(config.plugins().required()));
        plugins.start();
        List<NodeComponent> components = plugins.extensions(NodeComponent.class);
        if (components.isEmpty()) {
            plugins.close();
            throw new IllegalStateException("no plugin provides a node component (is the node-agent plugin in "
                    + bundle.pluginsDir(config) + "?)");
        }
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "node-components");
            t.setDaemon(true);
            return t;
        });
        NodeComponentHost host = new NodeComponentHost(components, settings);
        host.startAll(access, Clock.systemUTC(), pool, new Extensions() {
            @Override
            public <T> List<T> of(Class<T> type) {
                return plugins.extensions(type);
            }
        }, node, state);

        CountDownLatch stopped = new CountDownLatch(1);
        PrintWriter err = spec.commandLine().getErr();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                host.close();
                pool.shutdownNow();
                plugins.close();
                err.println("timonel agent: stopped");
                err.flush();
            } finally {
                stopped.countDown();
            }
        }, "timonel-agent-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("Timonel agent for node " + node + " joined " + server + ": running " + host.running());
        out.flush();
        stopped.await();
        return 0;
    }
}

package io.timonel.cli;

import io.timonel.kernel.Kernel;
import io.timonel.kernel.KernelConfig;
import io.timonel.kernel.plugin.PluginReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code timonel server}: starts the control plane and serves until SIGTERM or SIGINT, then shuts
 * down cleanly (the kernel is closed by a shutdown hook, so the store is flushed and plugins are
 * stopped however the JVM is asked to stop).
 */
@Command(name = "server", description = "Start the Timonel control plane (HTTPS API server) and serve until "
        + "stopped (SIGTERM or Ctrl-C).", sortOptions = false)
public final class ServerCommand implements Callable<Integer> {

    static final int DEFAULT_PORT = 6443;
    static final String DATA_DIR_ENV = "TIMONEL_DATA_DIR";
    /** The controller (plugin simulated-nodes) that {@code --simulated-nodes} configures. */
    static final String SIMULATED_NODES = "simulated-nodes";
    /** The node component (plugin node-agent) that {@code --runtime} configures. */
    static final String NODE_AGENT = "node-agent";
    /** The controller (plugin controllers) whose kubernetes-service loop takes the first service address. */
    static final String CONTROLLER_MANAGER = "controller-manager";
    static final String KUBERNETES_SERVICE_IP = "kubernetes-service-ip";
    private static final java.util.regex.Pattern PORT_RANGE = java.util.regex.Pattern.compile("\\d{1,5}-\\d{1,5}");

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTPS port. Default: 6443 (or port in the config).")
    Integer port;

    @Option(names = "--bind-address", paramLabel = "ADDRESS",
            description = "Address to listen on. Default: 0.0.0.0 (all interfaces).")
    String bindAddress;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the store, the PKI and admin.kubeconfig live. Default: $" + DATA_DIR_ENV
                    + ", else dataDir of the config, else ./data.")
    Path dataDir;

    @Option(names = "--token-auth-file", paramLabel = "FILE",
            description = "Static bearer tokens, one per line: token,user,uid,\"group1,group2\".")
    Path tokenFile;

    @Option(names = "--tls-san", paramLabel = "NAME", split = ",",
            description = "Extra DNS names or IP addresses for the serving certificate (repeatable).")
    List<String> extraSans = new ArrayList<>();

    @Option(names = "--simulated-nodes", paramLabel = "N",
            description = "Run N simulated nodes in the server (like KWOK): they heartbeat, run bound pods "
                    + "without containers and complete Job pods. Sets controllers.simulated-nodes.count of the config.")
    Integer simulatedNodes;

    @Option(names = "--runtime", paramLabel = "NAME",
            description = "Container runtime of the server's own node agent: docker (default), containerd, or none "
                    + "(no node agent: a control plane only). Sets controllers.node-agent.runtime of the config.")
    String runtime;

    @Option(names = "--node-name", paramLabel = "NAME",
            description = "Name of the server's own Node. Default: the host name.")
    String nodeName;

    @Option(names = "--service-node-port-range", paramLabel = "MIN-MAX",
            description = "Ports NodePort and LoadBalancer Services' node ports are allocated from (inclusive). "
                    + "Default: " + KernelConfig.DEFAULT_SERVICE_NODE_PORT_RANGE + ".")
    String serviceNodePortRange;

    @Mixin
    NetworkOptions network;

    @Mixin
    BundleOptions bundle;

    @Override
    public Integer call() throws Exception {
        KernelConfig config = kernelConfig(bundle.loadConfig(), System.getenv());
        Kernel kernel;
        try {
            kernel = Kernel.start(config);
        } catch (Exception e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof java.net.BindException) {
                    throw new IllegalStateException("cannot listen on " + config.bindAddress() + ":" + config.port()
                            + ": " + cause.getMessage() + " (another server there? choose one with --port)", e);
                }
            }
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        PrintWriter err = spec.commandLine().getErr();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                err.println("timonel server: shutting down");
                err.flush();
                kernel.close();
                err.println("timonel server: stopped");
                err.flush();
            } finally {
                stopped.countDown();
            }
        }, "timonel-shutdown"));
        printReady(kernel, spec.commandLine().getOut());
        stopped.await();
        return 0;
    }

    /**
     * The kernel configuration from, in order of precedence: command-line options, the
     * environment ({@code TIMONEL_DATA_DIR}), the config file, the defaults. Paths are absolute.
     */
    KernelConfig kernelConfig(ConfigFile file, Map<String, String> env) {
        int resolvedPort = port != null ? port : file.port() != null ? file.port() : DEFAULT_PORT;
        if (resolvedPort < 0 || resolvedPort > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + resolvedPort);
        }
        String resolvedBind = bindAddress != null ? bindAddress
                : file.bindAddress() != null ? file.bindAddress() : "0.0.0.0";
        Path resolvedData = dataDir != null ? dataDir
                : env.get(DATA_DIR_ENV) != null && !env.get(DATA_DIR_ENV).isBlank() ? Path.of(env.get(DATA_DIR_ENV))
                : file.dataDir() != null ? Path.of(file.dataDir()) : Path.of("data");
        Path resolvedTokens = tokenFile != null ? tokenFile : file.tokenFile() != null ? Path.of(file.tokenFile()) : null;
        List<String> sans = new ArrayList<>(file.extraSans());
        sans.addAll(extraSans);
        String backend = file.store().backend() != null ? file.store().backend() : "embedded";
        if (simulatedNodes != null && simulatedNodes < 0) {
            throw new IllegalArgumentException("--simulated-nodes must not be negative, not " + simulatedNodes);
        }
        KernelConfig config = new KernelConfig(resolvedBind, resolvedPort, BundleOptions.absolute(resolvedData),
                bundle.pluginsDir(file), new LinkedHashSet<>(file.plugins().disabled()),
                new LinkedHashSet<>(file.plugins().required()),
                resolvedTokens == null ? null : BundleOptions.absolute(resolvedTokens), List.copyOf(sans), backend,
                KernelConfig.DEFAULT_WATCH_HISTORY, file.controllers(), nodeName);
        config = config.withServiceRanges(network.serviceRange(),
                checked(serviceNodePortRange, PORT_RANGE, "--service-node-port-range"));
        String serviceClusterIpRange = network.serviceRange();
        if (serviceClusterIpRange != null
                && !config.controllers().getOrDefault(CONTROLLER_MANAGER, Map.of()).containsKey(KUBERNETES_SERVICE_IP)) {
            // the kubernetes Service takes the first address of the range, as in Kubernetes
            config = config.withControllerSettings(CONTROLLER_MANAGER,
                    Map.of(KUBERNETES_SERVICE_IP, NetworkOptions.nthAddress(serviceClusterIpRange, 1)));
        }
        for (var component : network.componentSettings().entrySet()) {
            config = config.withControllerSettings(component.getKey(), component.getValue());
        }
        if (nodeName != null) {
            // the ingress controller reports this node's addresses in Ingresses' status
            config = config.withControllerSettings("ingress", Map.of("node-name", nodeName));
        }
        if (simulatedNodes != null) {
            config = config.withControllerSettings(SIMULATED_NODES, Map.of("count", String.valueOf(simulatedNodes)));
        }
        Map<String, String> agent = config.controllers().getOrDefault(NODE_AGENT, Map.of());
        java.util.Optional<Path> bundledImages = BundleOptions.home().map(home -> home.resolve("images"))
                .filter(java.nio.file.Files::isDirectory);
        if (!agent.containsKey("imagesDir") && bundledImages.isPresent()) {
            // the bundle's own images (busybox, pause), imported by the node agent at start
            config = config.withControllerSettings(NODE_AGENT, Map.of("imagesDir", bundledImages.get().toString()));
        }
        if (runtime != null) {
            config = config.withControllerSettings(NODE_AGENT, "none".equals(runtime)
                    ? Map.of("enabled", "false") : Map.of("runtime", runtime, "enabled", "true"));
        }
        return config;
    }

    private static String checked(String value, java.util.regex.Pattern pattern, String option) {
        if (value != null && !pattern.matcher(value.trim()).matches()) {
            throw new IllegalArgumentException(option + " must look like " + "30000-32767" + ", not " + value);
        }
        return value == null ? null : value.trim();
    }

    private static void printReady(Kernel kernel, PrintWriter out) {
        String since = ProcessHandle.current().info().startInstant()
                .map(start -> " (ready " + Duration.between(start, Instant.now()).toMillis() + " ms after process start)")
                .orElse("");
        out.println("Timonel " + TimonelVersion.current() + " serving " + kernel.url() + since);
        for (PluginReport plugin : kernel.plugins()) {
            out.println("  plugin " + plugin.describe());
        }
        out.println("Admin kubeconfig: " + kernel.adminKubeconfig());
        out.println("  export KUBECONFIG=" + kernel.adminKubeconfig());
        out.println("More nodes join with: timonel agent --server " + kernel.url() + " --ca-file "
                + kernel.caCertificateFile() + " --token-file " + kernel.nodeTokenFile() + " --node-name NAME");
        out.flush();
    }
}

package io.timonel.plugins.simnodes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.timonel.kernel.Kernel;
import io.timonel.kernel.KernelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A real kernel on a free port that loads the plugins in {@code target/it-plugins} (core-api and
 * this module's jar), and an admin client. Written here rather than taken from the kernel's test
 * jar because that jar's own test extensions (a resource type provider serving namespaces) would
 * clash with core-api's on the class path.
 */
final class KernelWithPlugins implements AutoCloseable {
    private final Path dataDir;
    private KernelConfig config;
    private final String controller;
    private Kernel kernel;
    private final KubernetesClient client;

    private KernelWithPlugins(Path dataDir, String controller, KernelConfig config, Kernel kernel) throws IOException {
        this.dataDir = dataDir;
        this.controller = controller;
        this.config = config.withPort(kernel.url().getPort());
        this.kernel = kernel;
        Config clientConfig = Config.fromKubeconfig(Files.readString(kernel.adminKubeconfig()));
        clientConfig.setRequestTimeout(15_000);
        this.client = new KubernetesClientBuilder().withConfig(clientConfig).build();
    }

    static KernelWithPlugins start(String controller, Map<String, String> settings) throws Exception {
        Path dir = Files.createTempDirectory("timonel-simnodes-it");
        KernelConfig config = KernelConfig.defaults(dir).withPort(0).withPluginsDir(Path.of("target/it-plugins"))
                .withControllerSettings(controller, settings);
        return new KernelWithPlugins(dir, controller, config, Kernel.start(config));
    }

    /** Stops the kernel and starts it again on the same port and data: clients reconnect. */
    void restart() throws Exception {
        kernel.close();
        kernel = Kernel.start(config);
    }

    /** Restarts with the controller's settings changed by {@code settings}. */
    void restart(Map<String, String> settings) throws Exception {
        config = config.withControllerSettings(controller, settings);
        restart();
    }

    KubernetesClient client() {
        return client;
    }

    /** Waits (polling, bounded) until the condition holds; fails the test on timeout. */
    static void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit + " waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
        kernel.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

package io.timonel.kernel.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.timonel.kernel.Kernel;
import io.timonel.kernel.KernelConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * A kernel booted in-process on a free port with a fresh data directory, and a fabric8 client
 * authenticated by its admin kubeconfig. For {@code *IT} tests.
 */
public final class TestCluster implements AutoCloseable {
    private final Path dataDir;
    private KernelConfig config;
    private Kernel kernel;
    private final KubernetesClient client;

    private TestCluster(Path dataDir, KernelConfig config, Kernel kernel) throws IOException {
        this.dataDir = dataDir;
        this.config = config;
        this.kernel = kernel;
        Config clientConfig = Config.fromKubeconfig(Files.readString(kernel.adminKubeconfig()));
        clientConfig.setRequestTimeout(15_000);
        this.client = new KubernetesClientBuilder().withConfig(clientConfig).build();
    }

    public static TestCluster start() throws Exception {
        return start(KernelConfig.DEFAULT_WATCH_HISTORY);
    }

    /** A cluster whose watch cache keeps only {@code watchHistory} events. */
    public static TestCluster start(int watchHistory) throws Exception {
        return start(config -> config.withWatchHistory(watchHistory));
    }

    /**
     * A cluster configured by {@code customize} from the test defaults (free port, fresh data
     * directory); plugin modules use it to load their own jar, e.g.
     * {@code start(c -> c.withPluginsDir(Path.of("target/it-plugins")))}.
     */
    public static TestCluster start(UnaryOperator<KernelConfig> customize) throws Exception {
        Path dir = Files.createTempDirectory("timonel-it");
        KernelConfig config = customize.apply(KernelConfig.defaults(dir).withPort(0));
        Kernel kernel = Kernel.start(config);
        return new TestCluster(dir, config.withPort(kernel.url().getPort()), kernel);
    }

    public KubernetesClient client() {
        return client;
    }

    public Kernel kernel() {
        return kernel;
    }

    /** Stops the kernel and starts it again on the same port and data: clients reconnect. */
    public void restart() throws Exception {
        kernel.close();
        kernel = Kernel.start(config);
    }

    /** Restarts with the configuration changed by {@code change} (e.g. a controller's settings). */
    public void restart(UnaryOperator<KernelConfig> change) throws Exception {
        config = change.apply(config);
        restart();
    }

    /** Waits (polling, bounded) until the condition holds; fails the test on timeout. */
    public static void await(String what, Duration limit, BooleanSupplier condition) {
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
    public void close() {
        client.close();
        kernel.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.timonel.kernel;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * How to start a {@link Kernel}.
 *
 * @param bindAddress     address the API server listens on, e.g. {@code 0.0.0.0}
 * @param port            HTTPS port (6443 by default; 0 picks a free one, for tests)
 * @param dataDir         where the store, the PKI and the admin kubeconfig live
 * @param pluginsDir      where plugin jars are loaded from (may not exist: no plugins)
 * @param disabledPlugins plugin ids not to start
 * @param requiredPlugins plugin ids without which start-up fails
 * @param tokenFile       static bearer tokens (CSV: token,user,uid,"group1,group2"), or null
 * @param extraSans       more names/addresses for the serving certificate
 * @param storeBackend    name of the store backend ({@code embedded} is built in)
 * @param watchHistory    events the watch cache keeps for watches that resume from a resourceVersion
 */
public record KernelConfig(String bindAddress, int port, Path dataDir, Path pluginsDir,
                           Set<String> disabledPlugins, Set<String> requiredPlugins, Path tokenFile,
                           List<String> extraSans, String storeBackend, int watchHistory) {

    /** Events kept for resuming watches unless configured otherwise. */
    public static final int DEFAULT_WATCH_HISTORY = 100_000;

    /** Defaults for a data directory: all interfaces, port 6443, no plugins dir, embedded store. */
    public static KernelConfig defaults(Path dataDir) {
        return new KernelConfig("0.0.0.0", 6443, dataDir, null, Set.of(), Set.of(), null, List.of(), "embedded",
                DEFAULT_WATCH_HISTORY);
    }

    public KernelConfig withPort(int port) {
        return new KernelConfig(bindAddress, port, dataDir, pluginsDir, disabledPlugins, requiredPlugins, tokenFile,
                extraSans, storeBackend, watchHistory);
    }

    public KernelConfig withPluginsDir(Path dir) {
        return new KernelConfig(bindAddress, port, dataDir, dir, disabledPlugins, requiredPlugins, tokenFile,
                extraSans, storeBackend, watchHistory);
    }

    public KernelConfig withWatchHistory(int events) {
        return new KernelConfig(bindAddress, port, dataDir, pluginsDir, disabledPlugins, requiredPlugins, tokenFile,
                extraSans, storeBackend, events);
    }
}

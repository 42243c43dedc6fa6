package io.timonel.plugins.nodeagent.runtimeconn;

import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.ContainerRuntimeProvider;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link RuntimeConnection} connected: each {@link #check()} opens the runtime when
 * there is no connection (the provider of the configured name), or asks the current one for its
 * version and drops it when that fails. The agent calls {@code check} every few seconds; the
 * server keeps running whatever the runtime does. Not thread-safe: one caller at a time.
 */
public final class RuntimeSupervisor {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeSupervisor.class);

    /** What the agent does when the runtime comes or goes. */
    public interface Listener {
        /** The runtime is reachable (again); {@code first} for the first time in this process. */
        void runtimeUp(boolean first);

        /** The runtime went away. */
        void runtimeDown(String why);
    }

    private final RuntimeConnection connection;
    private final Supplier<List<ContainerRuntimeProvider>> providers;
    private final Map<String, String> settings;
    private final Listener listener;
    private boolean everUp;
    private String lastProblem;

    /**
     * @param providers the runtime providers the plugins offer (looked up at every attempt: a
     *                  plugin may start later)
     * @param settings  the agent's settings, handed to the provider
     */
    public RuntimeSupervisor(RuntimeConnection connection, Supplier<List<ContainerRuntimeProvider>> providers,
                             Map<String, String> settings, Listener listener) {
        this.connection = connection;
        this.providers = providers;
        this.settings = Map.copyOf(settings);
        this.listener = listener;
    }

    /** One attempt: connects, or checks the connection; returns whether the runtime is up after it. */
    public boolean check() {
        ContainerRuntime current = connection.currentOrNull();
        if (current != null) {
            try {
                current.version();
                return true;
            } catch (RuntimeException e) {
                connection.disconnect();
                problem("container runtime " + connection.name() + " stopped answering (" + e.getMessage()
                        + "); reconnecting");
                listener.runtimeDown("container runtime is down");
                return false;
            }
        }
        return open();
    }

    private boolean open() {
        List<ContainerRuntimeProvider> all = providers.get();
        ContainerRuntimeProvider provider = all.stream().filter(p -> connection.name().equals(p.name()))
                .findFirst().orElse(null);
        if (provider == null) {
            problem("no container runtime named " + connection.name() + " (plugins offer: "
                    + all.stream().map(ContainerRuntimeProvider::name).toList()
                    + "); pods will not run until one is there");
            return false;
        }
        ContainerRuntime runtime;
        String version;
        try {
            runtime = provider.open(settings);
        } catch (RuntimeUnavailableException | LinkageError e) {
            problem("container runtime " + connection.name() + " is unreachable: " + e.getMessage()
                    + "; trying again");
            return false;
        }
        try {
            version = runtime.version();
        } catch (RuntimeException e) {
            try {
                runtime.close();
            } catch (RuntimeException ignored) {
                // it failed already
            }
            problem("container runtime " + connection.name() + " does not answer: " + e.getMessage()
                    + "; trying again");
            return false;
        }
        connection.connect(runtime, version);
        LOG.info("connected to container runtime {} ({})", connection.name(), version);
        lastProblem = null;
        boolean first = !everUp;
        everUp = true;
        listener.runtimeUp(first);
        return true;
    }

    /** Logs a problem once, not at every attempt. */
    private void problem(String message) {
        if (!message.equals(lastProblem)) {
            LOG.warn(message);
            lastProblem = message;
        }
    }
}

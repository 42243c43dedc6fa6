package io.timonel.spi.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.pf4j.ExtensionPoint;

/**
 * Opens a {@link StoreBackend}. The kernel has the embedded one built in; a plugin may add others
 * (etcd) and the configuration picks one by {@link #name()}.
 */
public interface StoreBackendFactory extends ExtensionPoint {

    /** The name configuration uses to choose this backend, e.g. {@code embedded} or {@code etcd}. */
    String name();

    /**
     * Opens the store. Called once at start-up on the main thread.
     *
     * @param dataDir the server's data directory, where a local store keeps its files
     * @param options backend options from the configuration ({@code store.options})
     */
    StoreBackend open(Path dataDir, Map<String, String> options) throws IOException;
}

package io.timonel.kernel.store.sqlite;

import io.timonel.spi.store.StoreBackend;
import io.timonel.spi.store.StoreBackendFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The built-in store backend, named {@code embedded}: a {@link SqliteStoreBackend} in
 * {@code <dataDir>/store/state.db}. Options are those of {@link SqliteStoreOptions#fromMap}.
 */
public final class EmbeddedStoreFactory implements StoreBackendFactory {

    /** The name configuration uses to choose this backend. */
    public static final String NAME = "embedded";

    @Override
    public String name() {
        return NAME;
    }

    /** Where the database lives inside a data directory. */
    public static Path databaseFile(Path dataDir) {
        return dataDir.resolve("store").resolve("state.db");
    }

    /**
     * Opens (creating if needed) the store of {@code dataDir}.
     *
     * @throws IllegalArgumentException on an unknown or malformed option
     * @throws IOException when the database cannot be opened, or another process has it open
     */
    @Override
    public StoreBackend open(Path dataDir, Map<String, String> options) throws IOException {
        return SqliteStoreBackend.open(databaseFile(dataDir), SqliteStoreOptions.fromMap(options));
    }
}

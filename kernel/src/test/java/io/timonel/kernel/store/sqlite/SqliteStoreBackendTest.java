package io.timonel.kernel.store.sqlite;

import io.timonel.spi.store.StoreBackend;
import io.timonel.spi.store.StoreBackendContract;
import java.nio.file.Path;
import java.util.Map;

/** The embedded store passes the SPI contract; its own behaviour is tested beside it. */
class SqliteStoreBackendTest extends StoreBackendContract {

    @Override
    protected StoreBackend openStore(Path directory) throws Exception {
        return new EmbeddedStoreFactory().open(directory, Map.of());
    }
}

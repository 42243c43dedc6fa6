package io.timonel.kernel.store.sqlite;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Tuning of the embedded store. The defaults suit a single-node control plane.
 *
 * @param readConnections how many reads (gets, lists, watch replays) run at once; default 4
 * @param maxBatchSize    most writes committed by one transaction (one fsync); default 1000
 * @param watchQueueLimit how many undelivered events a watch may hold before it is closed as too
 *                        slow; default 100000
 * @param watchExecutor   runs watch deliveries; {@code null} (default) for a pool the store owns
 *                        and shuts down on close
 */
public record SqliteStoreOptions(int readConnections, int maxBatchSize, int watchQueueLimit,
                                 Executor watchExecutor) {

    /** The option names {@link #fromMap} understands. */
    public static final Set<String> KEYS = Set.of("readConnections", "maxBatchSize", "watchQueueLimit");

    /** @throws IllegalArgumentException when a number is not positive */
    public SqliteStoreOptions {
        requirePositive("readConnections", readConnections);
        requirePositive("maxBatchSize", maxBatchSize);
        requirePositive("watchQueueLimit", watchQueueLimit);
    }

    public static SqliteStoreOptions defaults() {
        return new SqliteStoreOptions(4, 1000, 100_000, null);
    }

    /**
     * The defaults overridden by configuration ({@code store.options}), e.g.
     * {@code {"watchQueueLimit": "50000"}}.
     *
     * @throws IllegalArgumentException on an unknown name or a value that is not a positive integer
     */
    public static SqliteStoreOptions fromMap(Map<String, String> options) {
        Map<String, String> rest = new HashMap<>(options);
        rest.keySet().removeAll(KEYS);
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException("unknown embedded store options " + rest.keySet()
                    + "; known: " + KEYS);
        }
        SqliteStoreOptions d = defaults();
        return new SqliteStoreOptions(
                intOption(options, "readConnections", d.readConnections()),
                intOption(options, "maxBatchSize", d.maxBatchSize()),
                intOption(options, "watchQueueLimit", d.watchQueueLimit()),
                null);
    }

    public SqliteStoreOptions withWatchQueueLimit(int limit) {
        return new SqliteStoreOptions(readConnections, maxBatchSize, limit, watchExecutor);
    }

    public SqliteStoreOptions withWatchExecutor(Executor executor) {
        return new SqliteStoreOptions(readConnections, maxBatchSize, watchQueueLimit, executor);
    }

    private static int intOption(Map<String, String> options, String name, int fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("embedded store option " + name + " must be an integer, got '"
                    + value + "'");
        }
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("embedded store option " + name + " must be positive, got " + value);
        }
    }
}

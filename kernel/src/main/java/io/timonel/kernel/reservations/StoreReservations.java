package io.timonel.kernel.reservations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.json.Json;
import io.timonel.spi.resource.Reservation;
import io.timonel.spi.resource.Reservations;
import io.timonel.spi.store.KeyValue;
import io.timonel.spi.store.RangeResult;
import io.timonel.spi.store.StoreBackend;
import io.timonel.spi.store.WriteResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@link Reservations} as keys of the kernel's store, one per claimed value:
 * {@value #ROOT}{@code <pool>/<value>}, holding the owner and the time of the claim. The store's
 * create-if-absent makes a claim atomic; a release is a delete compare-and-swap on the revision
 * whose owner was checked, so it cannot remove a newer owner's claim.
 */
public final class StoreReservations implements Reservations {
    /** Where reservations live in the store (under the watch cache's root, as plain JSON objects). */
    public static final String ROOT = "/registry/timonel.io/reservations/";
    private static final Pattern POOL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9.:_-]+");
    private static final int MAX_RELEASE_ATTEMPTS = 8;

    private final StoreBackend store;
    private final Clock clock;

    public StoreReservations(StoreBackend store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public boolean claim(String pool, String value, Reservation.Owner owner) {
        String key = key(pool, value);
        ObjectNode record = Json.object();
        record.put("pool", pool).put("value", value);
        record.putObject("owner").put("namespace", owner.namespace()).put("name", owner.name())
                .put("uid", owner.uid());
        record.put("claimedAt", Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString());
        WriteResult result = io(() -> store.create(key, Json.bytes(record)));
        if (result instanceof WriteResult.Written) {
            return true;
        }
        if (result instanceof WriteResult.AlreadyExists) {
            return false;
        }
        throw new IllegalStateException("unexpected store result for a create: " + result);
    }

    @Override
    public boolean release(String pool, String value, Reservation.Owner owner) {
        String key = key(pool, value);
        for (int attempt = 0; attempt < MAX_RELEASE_ATTEMPTS; attempt++) {
            KeyValue kv = io(() -> store.get(key));
            if (kv == null || !decode(kv).owner().equals(owner)) {
                return false;
            }
            WriteResult result = io(() -> store.delete(key, kv.modRevision()));
            if (result instanceof WriteResult.Written) {
                return true;
            }
            if (result instanceof WriteResult.NotFound) {
                return false;
            }
            // Conflict: the claim changed hands between the read and the delete; look again
        }
        return false;
    }

    @Override
    public Optional<Reservation> get(String pool, String value) {
        KeyValue kv = io(() -> store.get(key(pool, value)));
        return kv == null ? Optional.empty() : Optional.of(decode(kv));
    }

    @Override
    public List<Reservation> claimed(String pool) {
        String prefix = ROOT + checkedPool(pool) + "/";
        List<Reservation> out = new ArrayList<>();
        String after = "";
        while (true) {
            String from = after;
            RangeResult page = io(() -> store.range(prefix, from, 10_000));
            for (KeyValue kv : page.items()) {
                out.add(decode(kv));
            }
            if (!page.more() || page.items().isEmpty()) {
                return out;
            }
            after = page.items().get(page.items().size() - 1).key();
        }
    }

    static String key(String pool, String value) {
        if (value == null || !VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("not a valid reservation value: " + value);
        }
        return ROOT + checkedPool(pool) + "/" + value;
    }

    private static String checkedPool(String pool) {
        if (pool == null || !POOL.matcher(pool).matches()) {
            throw new IllegalArgumentException("not a valid reservation pool: " + pool);
        }
        return pool;
    }

    private static Reservation decode(KeyValue kv) {
        ObjectNode record = Json.parseObject(kv.value());
        JsonNode owner = record.path("owner");
        Instant at;
        try {
            at = Instant.parse(record.path("claimedAt").asText());
        } catch (java.time.format.DateTimeParseException e) {
            at = Instant.EPOCH;
        }
        return new Reservation(record.path("pool").asText(), record.path("value").asText(),
                new Reservation.Owner(owner.path("namespace").asText(""), owner.path("name").asText(""),
                        owner.path("uid").asText("")), at);
    }

    private interface StoreCall<T> {
        T run() throws IOException;
    }

    private static <T> T io(StoreCall<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

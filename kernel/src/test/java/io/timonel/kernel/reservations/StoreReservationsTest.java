package io.timonel.kernel.reservations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.kernel.store.sqlite.EmbeddedStoreFactory;
import io.timonel.spi.resource.Reservation;
import io.timonel.spi.store.StoreBackend;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreReservationsTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final Reservation.Owner A = new Reservation.Owner("default", "a", "uid-a");
    private static final Reservation.Owner B = new Reservation.Owner("default", "b", "uid-b");

    @TempDir
    Path dir;
    private StoreBackend store;
    private StoreReservations reservations;

    @BeforeEach
    void open() throws Exception {
        store = new EmbeddedStoreFactory().open(dir, Map.of());
        reservations = new StoreReservations(store, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    @Test
    void aValueIsClaimedOnceAndRecordsItsOwnerAndTime() throws Exception {
        assertTrue(reservations.claim("service-cluster-ips", "10.96.0.1", A));
        assertFalse(reservations.claim("service-cluster-ips", "10.96.0.1", B));
        assertFalse(reservations.claim("service-cluster-ips", "10.96.0.1", A), "a second claim is not a win");
        assertEquals(new Reservation("service-cluster-ips", "10.96.0.1", A, NOW),
                reservations.get("service-cluster-ips", "10.96.0.1").orElseThrow());
        assertTrue(store.get(StoreReservations.ROOT + "service-cluster-ips/10.96.0.1") != null);
    }

    @Test
    void onlyTheOwnerReleasesAndThenAnyoneMayClaim() {
        reservations.claim("service-node-ports", "30080", A);
        assertFalse(reservations.release("service-node-ports", "30080", B));
        assertTrue(reservations.release("service-node-ports", "30080", A));
        assertFalse(reservations.release("service-node-ports", "30080", A));
        assertTrue(reservations.claim("service-node-ports", "30080", B));
    }

    @Test
    void claimedListsOnePoolOnly() {
        reservations.claim("service-node-ports", "30080", A);
        reservations.claim("service-node-ports", "30081", B);
        reservations.claim("service-node-ports-2", "30082", B);
        reservations.claim("service-cluster-ips", "10.96.0.1", A);
        assertEquals(List.of("30080", "30081"), reservations.claimed("service-node-ports").stream()
                .map(Reservation::value).sorted().toList());
    }

    @Test
    void poolsAndValuesThatWouldEscapeTheirKeyAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> reservations.claim("Pool", "1", A));
        assertThrows(IllegalArgumentException.class, () -> reservations.claim("pool", "a/b", A));
        assertThrows(IllegalArgumentException.class, () -> reservations.claim("pool", "", A));
    }

    @Test
    void ofConcurrentClaimsOfOneValueExactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                String value = Integer.toString(31000 + round);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> claims = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    Reservation.Owner owner = new Reservation.Owner("ns", "s" + t, "u" + t);
                    Callable<Boolean> claim = () -> {
                        go.await();
                        return reservations.claim("service-node-ports", value, owner);
                    };
                    claims.add(pool.submit(claim));
                }
                go.countDown();
                int winners = 0;
                for (Future<Boolean> f : claims) {
                    winners += f.get(10, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertEquals(1, winners, "claims of " + value);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

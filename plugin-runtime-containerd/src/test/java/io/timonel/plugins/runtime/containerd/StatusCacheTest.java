package io.timonel.plugins.runtime.containerd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StatusCacheTest {
    private final StatusCache<String> cache = new StatusCache<>();
    private final AtomicInteger reads = new AtomicInteger();

    private String read(String what) {
        reads.incrementAndGet();
        return what;
    }

    @Test
    void aStatusIsReadOncePerState() {
        assertEquals("created", cache.get("c1", "CREATED", () -> read("created")));
        assertEquals("created", cache.get("c1", "CREATED", () -> read("again")));
        assertEquals("running", cache.get("c1", "RUNNING", () -> read("running")));
        assertEquals("running", cache.get("c1", "RUNNING", () -> read("again")));
        assertEquals(2, reads.get());
    }

    @Test
    void idsNoLongerListedAreReadAfresh() {
        cache.get("c1", "RUNNING", () -> read("first"));
        cache.get("c2", "RUNNING", () -> read("other"));
        cache.retain(Set.of("c2"));
        assertEquals("second", cache.get("c1", "RUNNING", () -> read("second")));
        assertEquals("other", cache.get("c2", "RUNNING", () -> read("never")));
        cache.forget("c2");
        assertEquals("fresh", cache.get("c2", "RUNNING", () -> read("fresh")));
        assertEquals(4, reads.get());
    }
}

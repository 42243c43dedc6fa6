package io.timonel.plugins.netiptables.proxy.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class EndpointSlotsTest {

    @Test
    void aChainKeepsItsSlotAndTwoChainsNeverShareOne() {
        EndpointSlots slots = new EndpointSlots();
        EndpointSlots.Slot a = slots.slot("svc-A");
        assertEquals(a, slots.slot("svc-A"));
        for (int i = 0; i < 1000; i++) {
            EndpointSlots.Slot other = slots.slot("svc-" + i);
            assertNotEquals(a, other);
        }
        assertEquals(1001, slots.size());
    }

    @Test
    void aReleasedBlockIsReusedInItsShard() {
        EndpointSlots slots = new EndpointSlots();
        EndpointSlots.Slot first = slots.slot("svc-A");
        slots.release("svc-A");
        // a name hashing to the same shard gets the freed block back
        String twin = null;
        for (int i = 0; twin == null; i++) {
            if (Math.floorMod(("svc-" + i).hashCode(), EndpointSlots.SHARDS) == first.shard()) {
                twin = "svc-" + i;
            }
        }
        assertEquals(first, slots.slot(twin));
    }

    @Test
    void offsetsAreBlocksApartSoThatNumgenRangesNeverOverlap() {
        EndpointSlots slots = new EndpointSlots();
        long seen = -1;
        for (int i = 0; i < 5000; i++) {
            EndpointSlots.Slot slot = slots.slot("svc-" + i);
            assertEquals(0, slot.offset() % EndpointSlots.BLOCK);
            seen = Math.max(seen, slot.offset());
        }
        assertEquals(true, seen + EndpointSlots.BLOCK <= (1L << 32));
    }
}

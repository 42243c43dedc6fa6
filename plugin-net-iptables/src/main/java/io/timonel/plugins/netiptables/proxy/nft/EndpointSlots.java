package io.timonel.plugins.netiptables.proxy.nft;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands out the place of a service chain's endpoints in the shared endpoint maps: a shard (one of
 * {@link #SHARDS} maps {@code endpoints-N}) and a block of {@link #BLOCK} keys in it. A chain keeps
 * its slot for as long as it exists (the shard map is per protocol: {@link NftRules#endpointMap}), so an endpoint change rewrites only its own elements.
 *
 * <p>Why shards: adding an element to a map costs the kernel a walk over every rule bound to that
 * map, and creating a set costs a walk over the table's sets; one map for all 10,000 services
 * (measured 16 s to fill) or one set per service (6 to 15 s) are both quadratic, 128 shards are not.
 *
 * <p>Not thread-safe (the sync thread owns it).
 */
public final class EndpointSlots {
    /** How many shard maps the endpoints are spread over. */
    public static final int SHARDS = 128;
    /** Keys per block: the most endpoints one chain can balance over. */
    public static final int BLOCK = 1 << 16;
    /** Blocks per shard ({@code numgen … offset} must stay within 32 bits). */
    static final int BLOCKS = (1 << 16) - 1;

    /**
     * Where one chain's endpoints are: keys {@code offset … offset+n-1} of map {@code endpoints-shard}.
     *
     * @param shard  the shard map's number
     * @param offset the first key, {@code numgen}'s offset
     */
    public record Slot(int shard, long offset) {
    }

    private final Map<String, Slot> slots = new HashMap<>();
    private final int[] nextBlock = new int[SHARDS];
    private final Map<Integer, ArrayDeque<Integer>> freed = new HashMap<>();

    /** The slot of {@code chain}, allocated on first use (in the shard its name hashes to). */
    public Slot slot(String chain) {
        Slot known = slots.get(chain);
        if (known != null) {
            return known;
        }
        int shard = Math.floorMod(chain.hashCode(), SHARDS);
        ArrayDeque<Integer> reusable = freed.get(shard);
        int block;
        if (reusable != null && !reusable.isEmpty()) {
            block = reusable.poll();
        } else if (nextBlock[shard] < BLOCKS) {
            block = nextBlock[shard]++;
        } else {
            throw new IllegalStateException("more than " + BLOCKS + " balanced chains in endpoint shard " + shard);
        }
        Slot slot = new Slot(shard, (long) block * BLOCK);
        slots.put(chain, slot);
        return slot;
    }

    /** Gives {@code chain}'s slot back (no-op when it has none); a later chain may get it. */
    public void release(String chain) {
        Slot slot = slots.remove(chain);
        if (slot != null) {
            freed.computeIfAbsent(slot.shard(), s -> new ArrayDeque<>()).add((int) (slot.offset() / BLOCK));
        }
    }

    /** Forgets every slot (the table is being recreated). */
    public void clear() {
        slots.clear();
        freed.clear();
        java.util.Arrays.fill(nextBlock, 0);
    }

    /** How many chains hold a slot. */
    public int size() {
        return slots.size();
    }
}

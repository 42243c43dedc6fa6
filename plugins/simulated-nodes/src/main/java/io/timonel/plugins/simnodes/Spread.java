package io.timonel.plugins.simnodes;

/**
 * Spreads periodic work for {@code count} items evenly over a period cut into {@code slots}
 * ticks, so that 5,000 nodes heartbeating every 10 s send 50 renewals every 100 ms rather than
 * 5,000 at once. Item {@code i} falls in slot {@code floor(i * slots / count)}.
 */
record Spread(int count, int slots) {

    Spread {
        if (count < 0 || slots < 1) {
            throw new IllegalArgumentException("count >= 0 and slots >= 1 needed: " + count + ", " + slots);
        }
    }

    /** The first item of the slot that tick number {@code tick} serves (ticks count from 0, forever). */
    int from(long tick) {
        return first((int) Math.floorMod(tick, (long) slots));
    }

    /** One past the last item of the slot that tick number {@code tick} serves. */
    int to(long tick) {
        return first((int) Math.floorMod(tick, (long) slots) + 1);
    }

    /** The smallest i with floor(i * slots / count) >= slot. */
    private int first(int slot) {
        return (int) (((long) slot * count + slots - 1) / slots);
    }
}

package io.timonel.plugins.controllers.job;

import java.util.BitSet;

/**
 * A set of completion indexes in the form {@code status.completedIndexes} takes: ascending,
 * consecutive indexes folded into ranges, {@code "1,3-5,7"}.
 */
final class IndexSet {
    private IndexSet() {
    }

    /** The indexes of {@code text}, ignoring malformed parts; empty for null or blank. */
    static BitSet parse(String text) {
        BitSet set = new BitSet();
        if (text == null || text.isBlank()) {
            return set;
        }
        for (String part : text.split(",")) {
            try {
                int dash = part.indexOf('-');
                if (dash < 0) {
                    set.set(Integer.parseInt(part.trim()));
                } else {
                    int from = Integer.parseInt(part.substring(0, dash).trim());
                    int to = Integer.parseInt(part.substring(dash + 1).trim());
                    if (from <= to) {
                        set.set(from, to + 1);
                    }
                }
            } catch (NumberFormatException | IndexOutOfBoundsException malformed) {
                // a status written by someone else: keep what can be read
            }
        }
        return set;
    }

    /** The compact form of {@code set}; the empty string for an empty set. */
    static String format(BitSet set) {
        StringBuilder out = new StringBuilder();
        for (int start = set.nextSetBit(0); start >= 0; ) {
            int end = set.nextClearBit(start) - 1;
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append(start);
            if (end > start) {
                out.append('-').append(end);
            }
            start = set.nextSetBit(end + 1);
        }
        return out.toString();
    }
}

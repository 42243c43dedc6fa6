package io.timonel.kernel.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The keys under a prefix (optionally after a start key) as an index range on the {@code name}
 * column. SQLite compares TEXT as UTF-8 bytes, which is code point order, so bounds are computed
 * in code points rather than with {@link String#compareTo} (UTF-16 order differs above U+FFFF).
 *
 * @param prefix         every key in the range starts with it (may be empty)
 * @param lower          the lower bound
 * @param lowerInclusive whether {@code lower} itself is in the range
 * @param upper          the exclusive upper bound, or {@code null} when there is none
 */
record KeyRange(String prefix, String lower, boolean lowerInclusive, String upper) {

    /** Keys starting with {@code prefix}. */
    static KeyRange prefix(String prefix) {
        return new KeyRange(prefix, prefix, true, successor(prefix));
    }

    /** Keys starting with {@code prefix} that sort after {@code startAfter} (null or empty: all). */
    static KeyRange prefix(String prefix, String startAfter) {
        if (startAfter == null || startAfter.isEmpty() || compareCodePoints(startAfter, prefix) < 0) {
            return prefix(prefix);
        }
        return new KeyRange(prefix, startAfter, false, successor(prefix));
    }

    /** Whether {@code key} is in the range (used on live events, which never touch SQL). */
    boolean contains(String key) {
        if (!key.startsWith(prefix)) {
            return false;
        }
        int c = compareCodePoints(key, lower);
        return lowerInclusive ? c >= 0 : c > 0;
    }

    /** The SQL condition on {@code column}; bind its parameters with {@link #bind}. */
    String condition(String column) {
        String lowerOp = lowerInclusive ? " >= ?" : " > ?";
        return upper == null ? column + lowerOp : column + lowerOp + " AND " + column + " < ?";
    }

    /** Binds the parameters of {@link #condition} from {@code index}; returns the next index. */
    int bind(PreparedStatement statement, int index) throws SQLException {
        statement.setString(index++, lower);
        if (upper != null) {
            statement.setString(index++, upper);
        }
        return index;
    }

    /**
     * The smallest string greater than every string starting with {@code prefix}, or {@code null}
     * when there is none (the prefix is empty or made only of U+10FFFF).
     */
    static String successor(String prefix) {
        int[] codePoints = prefix.codePoints().toArray();
        for (int i = codePoints.length - 1; i >= 0; i--) {
            if (codePoints[i] < Character.MAX_CODE_POINT) {
                int next = codePoints[i] + 1;
                codePoints[i] = next == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : next;
                return new String(codePoints, 0, i + 1);
            }
        }
        return null;
    }

    /** Compares in code point order, the order of UTF-8 bytes and so of SQLite's BINARY collation. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}

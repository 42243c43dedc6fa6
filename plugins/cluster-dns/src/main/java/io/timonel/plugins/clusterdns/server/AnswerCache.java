package io.timonel.plugins.clusterdns.server;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.xbill.DNS.Name;

/**
 * Complete authoritative responses in wire form (id 0, the question in lower case), per question
 * name and type, so that a repeated question costs a map look-up and a copy. Entries are dropped
 * for the names the index reports changed; one computed while the index changed is dropped too,
 * since it may hold the old answer. Bounded: past {@code maxNames} names it starts afresh (a flood
 * of random names must not grow it without end).
 */
final class AnswerCache {
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final LongSupplier version;
    private final int maxNames;

    /**
     * @param version  the index's change counter ({@code RecordIndex::version})
     * @param maxNames how many names the cache holds at most
     */
    AnswerCache(LongSupplier version, int maxNames) {
        this.version = version;
        this.maxNames = maxNames;
    }

    /** The cache key of a name: its lower-case wire form. */
    static String key(Name name) {
        return new String(name.toWireCanonical(), StandardCharsets.ISO_8859_1);
    }

    /** The index's change counter, read before computing an answer to {@link #put}. */
    long version() {
        return version.getAsLong();
    }

    byte[] get(String nameKey, int type) {
        Entry e = entries.get(nameKey);
        return e == null ? null : e.get(type);
    }

    /** Stores an answer computed from the index as it was at {@code computedAt} (its {@link #version()}). */
    void put(String nameKey, int type, byte[] response, long computedAt) {
        if (entries.size() >= maxNames) {
            entries.clear();
        }
        Entry stored = entries.compute(nameKey, (k, e) -> e == null ? new Entry(type, response) : e.with(type, response));
        if (version.getAsLong() != computedAt) {
            entries.remove(nameKey, stored);
        }
    }

    void invalidate(Collection<Name> names) {
        for (Name name : names) {
            entries.remove(key(name));
        }
    }

    int size() {
        return entries.size();
    }

    /** The answers of one name, per type; immutable, replaced whole. */
    private static final class Entry {
        private final int[] types;
        private final byte[][] answers;

        Entry(int type, byte[] answer) {
            this(new int[] {type}, new byte[][] {answer});
        }

        private Entry(int[] types, byte[][] answers) {
            this.types = types;
            this.answers = answers;
        }

        byte[] get(int type) {
            for (int i = 0; i < types.length; i++) {
                if (types[i] == type) {
                    return answers[i];
                }
            }
            return null;
        }

        Entry with(int type, byte[] answer) {
            for (int i = 0; i < types.length; i++) {
                if (types[i] == type) {
                    byte[][] copy = answers.clone();
                    copy[i] = answer;
                    return new Entry(types, copy);
                }
            }
            int[] t = Arrays.copyOf(types, types.length + 1);
            byte[][] a = Arrays.copyOf(answers, answers.length + 1);
            t[types.length] = type;
            a[answers.length] = answer;
            return new Entry(t, a);
        }
    }
}

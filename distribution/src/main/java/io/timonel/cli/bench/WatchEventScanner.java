package io.timonel.cli.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a Kubernetes watch stream (one JSON event per line) as raw bytes and reports, per event,
 * its type and the number at the end of the object's name. Names are {@code <prefix><number>},
 * so the number identifies the write that caused the event without parsing the JSON — a
 * thousand watchers must not cost the client more CPU than the server.
 *
 * <p>Not thread-safe: one scanner per stream, fed in order.
 */
final class WatchEventScanner {

    /** Event types of a watch stream. */
    enum Type { ADDED, MODIFIED, DELETED, BOOKMARK, ERROR, OTHER }

    /** Receives the events found. */
    interface Listener {
        /**
         * @param type   the event's type
         * @param number the number ending the object's name, or -1 when the name does not start
         *               with the prefix (or the event has none)
         * @param line   the event's text for ERROR events, else null
         */
        void onEvent(Type type, long number, String line);
    }

    private static final byte[] TYPE = "\"type\":\"".getBytes(StandardCharsets.US_ASCII);

    private final byte[] namePattern;
    private final Listener listener;
    private byte[] line = new byte[4096];
    private byte[] scratch = new byte[0];
    private int length;

    /** @param namePrefix the prefix of the names whose numbers are reported, e.g. {@code fw-} */
    WatchEventScanner(String namePrefix, Listener listener) {
        this.namePattern = ("\"name\":\"" + namePrefix).getBytes(StandardCharsets.US_ASCII);
        this.listener = listener;
    }

    /** Consumes the buffer's remaining bytes; events complete at each newline. */
    void feed(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            int from = buffer.arrayOffset() + buffer.position();
            feed(buffer.array(), from, from + buffer.remaining());
            buffer.position(buffer.limit());
        } else {
            // read-only or direct buffers: copy out in bulk
            int n = buffer.remaining();
            if (scratch.length < n) {
                scratch = new byte[Math.max(n, scratch.length * 2)];
            }
            buffer.get(scratch, 0, n);
            feed(scratch, 0, n);
        }
    }

    private void feed(byte[] bytes, int from, int to) {
        int start = from;
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                append(bytes, start, i);
                if (length > 0) {
                    scan();
                }
                length = 0;
                start = i + 1;
            }
        }
        append(bytes, start, to);
    }

    private void append(byte[] bytes, int from, int to) {
        int n = to - from;
        if (n <= 0) {
            return;
        }
        if (length + n > line.length) {
            line = Arrays.copyOf(line, Math.max(length + n, line.length * 2));
        }
        System.arraycopy(bytes, from, line, length, n);
        length += n;
    }

    private void scan() {
        Type type = type();
        long number = -1;
        int at = indexOf(namePattern, 0);
        if (at >= 0) {
            number = 0;
            int i = at + namePattern.length;
            int digits = 0;
            for (; i < length && line[i] >= '0' && line[i] <= '9'; i++, digits++) {
                number = number * 10 + (line[i] - '0');
            }
            if (digits == 0 || i >= length || line[i] != '"') {
                number = -1;
            }
        }
        listener.onEvent(type, number,
                type == Type.ERROR ? new String(line, 0, length, StandardCharsets.UTF_8) : null);
    }

    private Type type() {
        int at = indexOf(TYPE, 0);
        if (at < 0) {
            return Type.OTHER;
        }
        int from = at + TYPE.length;
        for (Type candidate : Type.values()) {
            String name = candidate.name();
            if (from + name.length() < length && line[from + name.length()] == '"'
                    && regionEquals(from, name)) {
                return candidate;
            }
        }
        return Type.OTHER;
    }

    private boolean regionEquals(int from, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (line[from + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(byte[] pattern, int from) {
        int last = length - pattern.length;
        outer:
        for (int i = from; i <= last; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (line[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

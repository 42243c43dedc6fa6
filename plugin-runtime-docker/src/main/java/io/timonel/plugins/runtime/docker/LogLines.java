package io.timonel.plugins.runtime.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Cuts what Docker's logs endpoint sends (asked with {@code timestamps=1}) into whole lines, each
 * with the time Docker stamped on it and without that stamp. Two shapes come in: a container
 * without a terminal gives frames, one log message each, beginning with its timestamp (a long line
 * comes as several messages, each stamped: the line keeps the first stamp); a container with a
 * terminal gives one raw stream of stamped lines, cut anywhere. A last line without a newline is
 * given as it is by {@link #finish()}.
 *
 * <p>Not thread-safe: one reader feeds it.
 */
final class LogLines {
    /** Takes whole lines: content with its trailing newline if it had one. */
    interface Out {
        void line(Instant time, boolean stderr, byte[] content) throws IOException;
    }

    private static final int MAX_STAMP = 64;

    private final Out out;
    private final Part stdout = new Part(false);
    private final Part stderr = new Part(true);
    private boolean raw;
    private Instant lastTime = Instant.EPOCH;

    LogLines(Out out) {
        this.out = out;
    }

    /** One frame of the multiplexed stream. */
    void message(boolean isStderr, byte[] payload) throws IOException {
        Part part = isStderr ? stderr : stdout;
        int start = stampEnd(payload, 0, payload.length);
        Instant time = lastTime;
        if (start > 0) {
            time = stamp(payload, 0, start - 1);
        }
        int i = start;
        while (i < payload.length) {
            if (part.buffer.size() == 0) {
                part.time = time;
            }
            int nl = indexOf(payload, (byte) '\n', i, payload.length);
            if (nl < 0) {
                part.buffer.write(payload, i, payload.length - i);
                break;
            }
            part.buffer.write(payload, i, nl + 1 - i);
            part.emit(false);
            i = nl + 1;
        }
    }

    /** A piece of a terminal container's raw stream. */
    void raw(byte[] b, int off, int len) throws IOException {
        raw = true;
        int i = off;
        int end = off + len;
        while (i < end) {
            int nl = indexOf(b, (byte) '\n', i, end);
            if (nl < 0) {
                stdout.buffer.write(b, i, end - i);
                return;
            }
            stdout.buffer.write(b, i, nl + 1 - i);
            stdout.emit(true);
            i = nl + 1;
        }
    }

    /** The stream ended: gives what is left of unfinished lines. */
    void finish() throws IOException {
        if (stdout.buffer.size() > 0) {
            stdout.emit(raw);
        }
        if (stderr.buffer.size() > 0) {
            stderr.emit(false);
        }
    }

    private final class Part {
        final boolean isStderr;
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Instant time = Instant.EPOCH;

        Part(boolean isStderr) {
            this.isStderr = isStderr;
        }

        /** Gives the buffered line; {@code stamped}: it still begins with its timestamp. */
        void emit(boolean stamped) throws IOException {
            byte[] line = buffer.toByteArray();
            buffer.reset();
            if (stamped) {
                int start = stampEnd(line, 0, line.length);
                time = start > 0 ? stamp(line, 0, start - 1) : lastTime;
                if (start > 0) {
                    line = java.util.Arrays.copyOfRange(line, start, line.length);
                }
            }
            out.line(time, isStderr, line);
        }
    }

    /** The index just past {@code "<timestamp> "} at {@code from}, or 0 when no timestamp starts there. */
    private int stampEnd(byte[] b, int from, int end) {
        int space = indexOf(b, (byte) ' ', from, Math.min(end, from + MAX_STAMP));
        if (space <= from || b[from] < '0' || b[from] > '9') {
            return 0;
        }
        return stamp(b, from, space) == null ? 0 : space + 1;
    }

    private Instant stamp(byte[] b, int from, int to) {
        try {
            Instant t = Instant.parse(new String(b, from, to - from, StandardCharsets.US_ASCII));
            lastTime = t;
            return t;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static int indexOf(byte[] b, byte v, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }
}

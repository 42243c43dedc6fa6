package io.timonel.plugins.runtime.containerd.logs;

import io.timonel.spi.runtime.LogOptions;
import io.timonel.spi.runtime.LogSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Reads a container's CRI log file (what containerd writes at the sandbox's log directory joined with
 * the container's log path; the CRI has no call that reads it) and writes its lines to a
 * {@link LogSink} as {@link LogOptions} ask: {@code since} first, then the last {@code tailLines} of
 * what is left, {@code timestamps} as an RFC 3339 prefix with nanoseconds, {@code limitBytes} over
 * everything written (prefixes included, the last line cut). With {@code follow} it then polls the file
 * for what is appended until the container stopped and the file is drained, or the sink closed.
 * Runs on the caller's thread; one instance may serve many reads at once.
 */
public final class CriLogReader {

    /** Waits between two polls of a followed file that had nothing new. */
    @FunctionalInterface
    public interface Pause {
        void pause() throws InterruptedException;
    }

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final Pause pause;

    public CriLogReader(Pause pause) {
        this.pause = pause;
    }

    /**
     * Writes the log at {@code file}.
     *
     * @param running true while the container may still write (created or running); asked only when
     *                a followed file had nothing new
     * @throws InterruptedException when the thread was interrupted while following
     */
    public void read(Path file, LogOptions options, LogSink sink, BooleanSupplier running)
            throws IOException, InterruptedException {
        InputStream in = open(file, options.follow(), sink, running);
        if (in == null) {
            return;
        }
        try (in) {
            Emitter emitter = new Emitter(options, sink);
            RecordSplitter splitter = new RecordSplitter();
            LineAssembler assembler = new LineAssembler();
            ArrayDeque<LogLine> tail = new ArrayDeque<>();
            byte[] buffer = new byte[64 * 1024];
            int n;
            // the content already there: collected when only its tail is wanted
            while ((n = in.read(buffer)) > 0) {
                for (byte[] recordBytes : splitter.feed(buffer, n)) {
                    CriLogRecord.parse(recordBytes).flatMap(assembler::accept)
                            .ifPresent(line -> collect(line, options, tail));
                }
                if (options.tailLines() < 0 && !emitAll(tail, emitter)) {
                    return;
                }
            }
            if (!options.follow()) {
                assembler.flush().forEach(line -> collect(line, options, tail));
                emitAll(tail, emitter);
                return;
            }
            if (!emitAll(tail, emitter)) {
                return;
            }
            while (!sink.isClosed()) {
                n = in.read(buffer);
                if (n > 0) {
                    for (byte[] recordBytes : splitter.feed(buffer, n)) {
                        var line = CriLogRecord.parse(recordBytes).flatMap(assembler::accept);
                        if (line.isPresent() && !emitter.emit(line.get())) {
                            return;
                        }
                    }
                } else if (!running.getAsBoolean()) {
                    // it stopped: what it wrote before stopping is all there is
                    while ((n = in.read(buffer)) > 0) {
                        for (byte[] recordBytes : splitter.feed(buffer, n)) {
                            var line = CriLogRecord.parse(recordBytes).flatMap(assembler::accept);
                            if (line.isPresent() && !emitter.emit(line.get())) {
                                return;
                            }
                        }
                    }
                    for (LogLine line : assembler.flush()) {
                        if (!emitter.emit(line)) {
                            return;
                        }
                    }
                    return;
                } else {
                    pause.pause();
                }
            }
        }
    }

    /** The file, waiting for it to appear when following a container that has not written yet; null when there is none. */
    private InputStream open(Path file, boolean follow, LogSink sink, BooleanSupplier running)
            throws IOException, InterruptedException {
        while (true) {
            try {
                return Files.newInputStream(file);
            } catch (NoSuchFileException e) {
                if (!follow || sink.isClosed() || !running.getAsBoolean()) {
                    return null;
                }
                pause.pause();
            }
        }
    }

    private static void collect(LogLine line, LogOptions options, ArrayDeque<LogLine> tail) {
        if (options.since() != null && line.time().isBefore(options.since())) {
            return;
        }
        tail.addLast(line);
        if (options.tailLines() >= 0 && tail.size() > options.tailLines()) {
            tail.removeFirst();
        }
    }

    private static boolean emitAll(ArrayDeque<LogLine> lines, Emitter emitter) throws IOException {
        while (!lines.isEmpty()) {
            if (!emitter.emit(lines.removeFirst())) {
                lines.clear();
                return false;
            }
        }
        return true;
    }

    /** Writes lines to the sink with the prefix, the since filter and the byte limit. */
    private static final class Emitter {
        private final LogOptions options;
        private final LogSink sink;
        private long written;

        Emitter(LogOptions options, LogSink sink) {
            this.options = options;
            this.sink = sink;
        }

        /** Writes the line if wanted; false once nothing more may be written. */
        boolean emit(LogLine line) throws IOException {
            if (sink.isClosed()) {
                return false;
            }
            if (options.since() != null && line.time().isBefore(options.since())) {
                return true;
            }
            byte[] bytes = line.bytes();
            if (options.timestamps()) {
                byte[] prefix = (TIMESTAMP.format(line.time()) + " ").getBytes(StandardCharsets.US_ASCII);
                byte[] joined = Arrays.copyOf(prefix, prefix.length + bytes.length);
                System.arraycopy(bytes, 0, joined, prefix.length, bytes.length);
                bytes = joined;
            }
            if (options.limitBytes() >= 0) {
                long left = options.limitBytes() - written;
                if (left <= 0) {
                    return false;
                }
                if (bytes.length >= left) {
                    sink.line(line.time(), line.stderr(), Arrays.copyOf(bytes, (int) left));
                    written += left;
                    return false;
                }
            }
            sink.line(line.time(), line.stderr(), bytes);
            written += bytes.length;
            return true;
        }
    }

    /** Cuts a byte stream into records at newlines, keeping an unfinished record for the next feed. */
    static final class RecordSplitter {
        private final ByteArrayOutputStream carry = new ByteArrayOutputStream();

        List<byte[]> feed(byte[] buffer, int length) {
            List<byte[]> records = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < length; i++) {
                if (buffer[i] == '\n') {
                    if (carry.size() > 0) {
                        carry.write(buffer, start, i - start);
                        records.add(carry.toByteArray());
                        carry.reset();
                    } else {
                        records.add(Arrays.copyOfRange(buffer, start, i));
                    }
                    start = i + 1;
                }
            }
            carry.write(buffer, start, length - start);
            return records;
        }
    }
}

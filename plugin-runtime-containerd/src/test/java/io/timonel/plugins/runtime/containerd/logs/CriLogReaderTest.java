package io.timonel.plugins.runtime.containerd.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.timonel.spi.runtime.LogOptions;
import io.timonel.spi.runtime.LogSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CriLogReaderTest {

    private static final String LOG = """
            2026-11-24T00:00:01.000000001Z stdout F one
            2026-11-24T00:00:02Z stderr F two
            2026-11-24T00:00:03Z stdout P thr
            2026-11-24T00:00:04Z stdout F ee
            2026-11-24T00:00:05Z stdout F four
            """;

    @TempDir
    Path dir;

    /** Records the lines as "out:" / "err:" text. */
    private static final class Lines implements LogSink {
        final List<String> lines = new ArrayList<>();
        boolean closed;

        @Override
        public void line(Instant time, boolean stderr, byte[] line) {
            lines.add((stderr ? "err:" : "out:") + new String(line, StandardCharsets.UTF_8));
        }

        @Override
        public boolean isClosed() {
            return closed;
        }
    }

    private Path log(String content) throws IOException {
        return Files.writeString(dir.resolve("0.log"), content);
    }

    private List<String> read(Path file, LogOptions options) throws Exception {
        Lines sink = new Lines();
        new CriLogReader(() -> {
            throw new AssertionError("a finished log is not polled");
        }).read(file, options, sink, () -> false);
        return sink.lines;
    }

    @Test
    void wholeLogJoinsPartialLines() throws Exception {
        assertEquals(List.of("out:one\n", "err:two\n", "out:three\n", "out:four\n"), read(log(LOG), LogOptions.ALL));
    }

    @Test
    void tailCountsJoinedLines() throws Exception {
        assertEquals(List.of("out:three\n", "out:four\n"), read(log(LOG), new LogOptions(false, 2, null, -1, false)));
        assertEquals(List.of(), read(log(LOG), new LogOptions(false, 0, null, -1, false)));
    }

    @Test
    void sinceKeepsLinesStartedAtOrAfterIt() throws Exception {
        assertEquals(List.of("err:two\n", "out:three\n", "out:four\n"),
                read(log(LOG), new LogOptions(false, -1, Instant.parse("2026-11-24T00:00:02Z"), -1, false)));
    }

    @Test
    void sinceAppliesBeforeTail() throws Exception {
        assertEquals(List.of("out:four\n"),
                read(log(LOG), new LogOptions(false, 1, Instant.parse("2026-11-24T00:00:02Z"), -1, false)));
    }

    @Test
    void limitBytesCutsTheLastLine() throws Exception {
        assertEquals(List.of("out:one\n", "err:tw"), read(log(LOG), new LogOptions(false, -1, null, 6, false)));
    }

    @Test
    void timestampsPrefixEachLineWithNineFractionDigits() throws Exception {
        assertEquals(List.of("out:2026-11-24T00:00:01.000000001Z one\n", "err:2026-11-24T00:00:02.000000000Z two\n"),
                read(log(LOG), new LogOptions(false, -1, null, 70, true)));
    }

    @Test
    void lastLineWithoutNewlineEndsTheLog() throws Exception {
        assertEquals(List.of("out:done\n", "out:no newline"), read(log("""
                2026-11-24T00:00:01Z stdout F done
                2026-11-24T00:00:02Z stdout P no newline
                """), LogOptions.ALL));
    }

    @Test
    void malformedRecordsAreSkipped() throws Exception {
        assertEquals(List.of("out:ok\n"), read(log("not a record\n2026-11-24T00:00:01Z stdout F ok\n"), LogOptions.ALL));
    }

    @Test
    void missingFileIsAnEmptyLog() throws Exception {
        assertEquals(List.of(), read(dir.resolve("none.log"), LogOptions.ALL));
    }

    @Test
    void followReadsAppendedLinesUntilTheContainerStoppedAndTheFileIsDrained() throws Exception {
        Path file = log("2026-11-24T00:00:01Z stdout F first\n");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger polls = new AtomicInteger();
        Lines sink = new Lines();
        // each poll stands for time passing: the container writes, then (on the third) stops after a last write
        CriLogReader reader = new CriLogReader(() -> {
            try {
                switch (polls.incrementAndGet()) {
                    case 1 -> append(file, "2026-11-24T00:00:02Z stdout F sec");
                    case 2 -> append(file, "ond\n2026-11-24T00:00:03Z stdout P third");
                    case 3 -> {
                        append(file, " and\n2026-11-24T00:00:04Z stderr P last, unfinished\n");
                        running.set(false);
                    }
                    default -> throw new AssertionError("polled after the container stopped");
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        reader.read(file, new LogOptions(true, -1, null, -1, false), sink, running::get);
        assertEquals(List.of("out:first\n", "out:second\n", "out:third and", "err:last, unfinished"), sink.lines);
    }

    @Test
    void followStopsWhenTheSinkCloses() throws Exception {
        Path file = log(LOG);
        Lines sink = new Lines();
        AtomicInteger polls = new AtomicInteger();
        new CriLogReader(() -> {
            if (polls.incrementAndGet() == 2) {
                sink.closed = true;
            }
        }).read(file, new LogOptions(true, 1, null, -1, false), sink, () -> true);
        assertEquals(List.of("out:four\n"), sink.lines);
        assertEquals(2, polls.get());
    }

    @Test
    void followWaitsForTheFileToAppear() throws Exception {
        Path file = dir.resolve("later.log");
        AtomicBoolean running = new AtomicBoolean(true);
        Lines sink = new Lines();
        new CriLogReader(() -> {
            try {
                if (!Files.exists(file)) {
                    Files.writeString(file, "2026-11-24T00:00:01Z stdout F hello\n");
                } else {
                    running.set(false);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).read(file, new LogOptions(true, -1, null, -1, false), sink, running::get);
        assertEquals(List.of("out:hello\n"), sink.lines);
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.APPEND);
    }
}

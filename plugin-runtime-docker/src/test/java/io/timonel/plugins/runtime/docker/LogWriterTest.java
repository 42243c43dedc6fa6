package io.timonel.plugins.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.spi.runtime.LogSink;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogWriterTest {
    static final Instant T = Instant.parse("2026-11-24T01:02:03.5Z");

    final List<String> received = new ArrayList<>();
    boolean readerGone;
    final LogSink sink = new LogSink() {
        @Override
        public void line(Instant time, boolean stderr, byte[] line) {
            received.add(new String(line, StandardCharsets.UTF_8));
        }

        @Override
        public boolean isClosed() {
            return readerGone;
        }
    };

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void linesPassAsTheyAreWithoutTimestamps() throws Exception {
        new LogWriter(sink, false, -1).line(T, false, bytes("hi\n"));
        assertEquals(List.of("hi\n"), received);
    }

    @Test
    void timestampsPrefixEachLine() throws Exception {
        new LogWriter(sink, true, -1).line(T, true, bytes("hi\n"));
        assertEquals(List.of("2026-11-24T01:02:03.500000000Z hi\n"), received);
    }

    @Test
    void theByteLimitCutsTheLastLineAndEndsTheLog() throws Exception {
        LogWriter writer = new LogWriter(sink, false, 5);
        writer.line(T, false, bytes("abc\n"));
        writer.line(T, false, bytes("defg\n"));
        writer.line(T, false, bytes("never\n"));
        assertEquals(List.of("abc\n", "d"), received);
        assertTrue(writer.done());
    }

    @Test
    void theLimitCountsTimestampsToo() throws Exception {
        LogWriter writer = new LogWriter(sink, true, 10);
        writer.line(T, false, bytes("hi\n"));
        assertEquals(List.of("2026-11-24"), received);
    }

    @Test
    void aLimitOfZeroGivesNothing() throws Exception {
        LogWriter writer = new LogWriter(sink, false, 0);
        assertTrue(writer.done());
        writer.line(T, false, bytes("hi\n"));
        assertEquals(List.of(), received);
    }

    @Test
    void nothingMoreReachesAReaderThatLeft() throws Exception {
        LogWriter writer = new LogWriter(sink, false, -1);
        readerGone = true;
        writer.line(T, false, bytes("hi\n"));
        assertTrue(writer.done());
        assertEquals(List.of(), received);
    }
}

package io.timonel.plugins.runtime.containerd.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineAssemblerTest {

    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

    private static CriLogRecord record(int second, boolean stderr, boolean partial, String content) {
        return new CriLogRecord(T0.plusSeconds(second), stderr, partial, content.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(LogLine line) {
        return new String(line.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void fullRecordIsOneLineWithItsNewline() {
        LogLine line = new LineAssembler().accept(record(0, false, false, "hi")).orElseThrow();
        assertEquals("hi\n", text(line));
        assertEquals(T0, line.time());
    }

    @Test
    void partialRecordsJoinUpToTheFullOneAndKeepTheFirstTime() {
        LineAssembler assembler = new LineAssembler();
        assertTrue(assembler.accept(record(1, false, true, "a very ")).isEmpty());
        assertTrue(assembler.accept(record(2, false, true, "long ")).isEmpty());
        LogLine line = assembler.accept(record(3, false, false, "line")).orElseThrow();
        assertEquals("a very long line\n", text(line));
        assertEquals(T0.plusSeconds(1), line.time());
    }

    @Test
    void streamsJoinSeparately() {
        LineAssembler assembler = new LineAssembler();
        assertTrue(assembler.accept(record(1, false, true, "out-")).isEmpty());
        LogLine err = assembler.accept(record(2, true, false, "err")).orElseThrow();
        LogLine out = assembler.accept(record(3, false, false, "line")).orElseThrow();
        assertEquals("err\n", text(err));
        assertTrue(err.stderr());
        assertEquals("out-line\n", text(out));
    }

    @Test
    void flushGivesUnfinishedLinesWithoutNewlineInTimeOrder() {
        LineAssembler assembler = new LineAssembler();
        assembler.accept(record(5, false, true, "no newline"));
        assembler.accept(record(4, true, true, "error"));
        List<LogLine> rest = assembler.flush();
        assertEquals(List.of("error", "no newline"), rest.stream().map(LineAssemblerTest::text).toList());
        assertTrue(assembler.flush().isEmpty());
    }
}

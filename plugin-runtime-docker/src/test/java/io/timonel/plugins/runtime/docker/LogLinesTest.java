package io.timonel.plugins.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogLinesTest {
    static final String T1 = "2026-11-24T01:06:46.170417339Z";
    static final String T2 = "2026-11-24T01:06:47.000000001Z";

    record Line(Instant time, boolean stderr, String text) {
    }

    final List<Line> lines = new ArrayList<>();
    final LogLines logLines = new LogLines((time, stderr, content) -> lines.add(new Line(time, stderr, new String(content, StandardCharsets.UTF_8))));

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eachMessageLosesItsStampAndKeepsItsTime() throws Exception {
        logLines.message(false, bytes(T1 + " one\n"));
        logLines.message(true, bytes(T2 + " two\n"));
        assertEquals(List.of(new Line(Instant.parse(T1), false, "one\n"), new Line(Instant.parse(T2), true, "two\n")), lines);
    }

    @Test
    void aLongLineSplitIntoMessagesIsOneLineWithTheFirstTime() throws Exception {
        logLines.message(false, bytes(T1 + " first half "));
        logLines.message(true, bytes(T2 + " interleaved error\n"));
        logLines.message(false, bytes(T2 + " second half\n"));
        assertEquals(List.of(new Line(Instant.parse(T2), true, "interleaved error\n"),
                new Line(Instant.parse(T1), false, "first half second half\n")), lines);
    }

    @Test
    void aLastLineWithoutNewlineComesAtTheEnd() throws Exception {
        logLines.message(false, bytes(T1 + " partial"));
        assertEquals(List.of(), lines);
        logLines.finish();
        assertEquals(List.of(new Line(Instant.parse(T1), false, "partial")), lines);
    }

    @Test
    void anEmptyLineIsALine() throws Exception {
        logLines.message(false, bytes(T1 + " \n"));
        assertEquals(List.of(new Line(Instant.parse(T1), false, "\n")), lines);
    }

    @Test
    void aTerminalStreamCutAnywhereGivesWholeStampedLines() throws Exception {
        byte[] raw = bytes(T1 + " hello\r\n" + T2 + " world\r\n" + T2 + " prompt$ ");
        for (int i = 0; i < raw.length; i += 7) {
            logLines.raw(raw, i, Math.min(7, raw.length - i));
        }
        logLines.finish();
        assertEquals(List.of(new Line(Instant.parse(T1), false, "hello\r\n"), new Line(Instant.parse(T2), false, "world\r\n"),
                new Line(Instant.parse(T2), false, "prompt$ ")), lines);
    }

    @Test
    void textWithoutAStampKeepsTheLastTimeSeen() throws Exception {
        logLines.message(false, bytes(T1 + " a\n"));
        logLines.message(false, bytes("no stamp here\n"));
        assertEquals(new Line(Instant.parse(T1), false, "no stamp here\n"), lines.get(1));
    }
}

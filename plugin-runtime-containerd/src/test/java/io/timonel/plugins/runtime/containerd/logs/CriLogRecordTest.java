package io.timonel.plugins.runtime.containerd.logs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CriLogRecordTest {

    private static CriLogRecord parse(String line) {
        return CriLogRecord.parse(line.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    }

    @Test
    void fullStdoutRecordKeepsItsContentVerbatim() {
        CriLogRecord r = parse("2026-11-24T01:02:03.123456789Z stdout F hello  world ");
        assertEquals(Instant.parse("2026-11-24T01:02:03.123456789Z"), r.time());
        assertFalse(r.stderr());
        assertFalse(r.partial());
        assertArrayEquals("hello  world ".getBytes(StandardCharsets.UTF_8), r.content());
    }

    @Test
    void partialStderrRecordWithOffsetTime() {
        CriLogRecord r = parse("2026-11-24T03:02:03.5+02:00 stderr P part");
        assertEquals(Instant.parse("2026-11-24T01:02:03.5Z"), r.time());
        assertTrue(r.stderr());
        assertTrue(r.partial());
        assertArrayEquals("part".getBytes(StandardCharsets.UTF_8), r.content());
    }

    @Test
    void emptyLineHasEmptyContent() {
        assertEquals(0, parse("2026-11-24T01:02:03Z stdout F").content().length);
        assertEquals(0, parse("2026-11-24T01:02:03Z stdout F ").content().length);
    }

    @Test
    void extraTagsAfterTheFirstAreIgnored() {
        assertTrue(parse("2026-11-24T01:02:03Z stdout P:x y").partial());
    }

    @Test
    void malformedRecordsAreNotRecords() {
        for (String bad : new String[] {"", "garbage", "2026-11-24T01:02:03Z stdin F x", "2026-11-24T01:02:03Z stdout X x",
                "yesterday stdout F x", "2026-11-24T01:02:03Z stdout"}) {
            assertTrue(CriLogRecord.parse(bad.getBytes(StandardCharsets.UTF_8)).isEmpty(), bad);
        }
    }
}

package io.timonel.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchEventScannerTest {

    private final List<String> events = new ArrayList<>();
    private final WatchEventScanner scanner = new WatchEventScanner("fw-",
            (type, number, line) -> events.add(type + " " + number + (line == null ? "" : " " + line)));

    @Test
    void eventsSplitAcrossBuffersAreReportedOncePerLine() {
        String stream = event("ADDED", "fw-17") + event("MODIFIED", "fw-3") + event("DELETED", "fw-123456");
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += 7) {
            scanner.feed(ByteBuffer.wrap(bytes, i, Math.min(7, bytes.length - i)));
        }

        assertEquals(List.of("ADDED 17", "MODIFIED 3", "DELETED 123456"), events);
    }

    @Test
    void readOnlyAndDirectBuffersAreReadAlike() {
        byte[] bytes = (event("ADDED", "fw-5") + event("ADDED", "fw-6")).getBytes(StandardCharsets.UTF_8);
        scanner.feed(ByteBuffer.wrap(bytes, 0, 30).asReadOnlyBuffer());
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length - 30);
        direct.put(bytes, 30, bytes.length - 30).flip();
        scanner.feed(direct);

        assertEquals(List.of("ADDED 5", "ADDED 6"), events);
    }

    @Test
    void objectsWithOtherNamesAndBookmarksHaveNoNumber() {
        feed(event("ADDED", "other-5") + "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"ConfigMap\",\"metadata\":"
                + "{\"resourceVersion\":\"99\"}}}\n" + event("ADDED", "fw-x1"));

        assertEquals(List.of("ADDED -1", "BOOKMARK -1", "ADDED -1"), events);
    }

    @Test
    void errorEventsCarryTheirText() {
        String error = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"code\":410,\"reason\":\"Expired\"}}";
        feed(error + "\n");

        assertEquals(1, events.size());
        assertTrue(events.get(0).startsWith("ERROR -1 ") && events.get(0).contains("410"), events.get(0));
    }

    @Test
    void linesLongerThanTheInitialBufferAreScannedWhole() {
        String big = "{\"type\":\"ADDED\",\"object\":{\"data\":{\"v\":\"" + "y".repeat(20_000)
                + "\"},\"metadata\":{\"name\":\"fw-42\"}}}\n";
        feed(big);

        assertEquals(List.of("ADDED 42"), events);
    }

    @Test
    void anUnfinishedLineWaitsForItsNewline() {
        String line = event("ADDED", "fw-1");
        feed(line.substring(0, line.length() - 1));
        assertEquals(List.of(), events);

        feed("\n");
        assertEquals(List.of("ADDED 1"), events);
    }

    private void feed(String text) {
        scanner.feed(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String event(String type, String name) {
        return "{\"type\":\"" + type + "\",\"object\":{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\""
                + name + "\",\"namespace\":\"ns\",\"resourceVersion\":\"12\"},\"data\":{\"value\":\"abc\"}}}\n";
    }
}

package io.timonel.plugins.runtime.containerd.streaming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InboundPipeTest {

    @Test
    void readsChunksInOrderThenEnds() throws Exception {
        InboundPipe pipe = new InboundPipe(() -> { });
        pipe.offer("hel".getBytes(StandardCharsets.UTF_8));
        pipe.offer("lo".getBytes(StandardCharsets.UTF_8));
        pipe.end();
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), pipe.readAllBytes());
        assertEquals(-1, pipe.read());
    }

    @Test
    void chunksAfterTheEndAreDropped() throws Exception {
        InboundPipe pipe = new InboundPipe(() -> { });
        pipe.end();
        assertFalse(pipe.offer(new byte[] {1}));
        assertEquals(-1, pipe.read());
    }

    @Test
    void aFullPipeAsksToPauseAndResumesOnceDrained() throws Exception {
        AtomicInteger resumed = new AtomicInteger();
        InboundPipe pipe = new InboundPipe(resumed::incrementAndGet);
        byte[] chunk = new byte[(int) InboundPipe.HIGH_WATER];
        assertFalse(pipe.offer(chunk));
        assertTrue(pipe.offer(new byte[1]), "above the high water mark the connection pauses");
        byte[] buffer = new byte[(int) (InboundPipe.HIGH_WATER - InboundPipe.LOW_WATER) + 1];
        int read = 0;
        while (read < buffer.length) {
            read += pipe.read(buffer, read, buffer.length - read);
        }
        assertEquals(1, resumed.get());
        assertEquals(InboundPipe.LOW_WATER, pipe.available());
    }

    @Test
    void closingAPausedPipeResumesTheConnection() {
        AtomicInteger resumed = new AtomicInteger();
        InboundPipe pipe = new InboundPipe(resumed::incrementAndGet);
        pipe.offer(new byte[(int) InboundPipe.HIGH_WATER + 1]);
        pipe.close();
        assertEquals(1, resumed.get());
        assertEquals(0, pipe.available());
    }
}

package io.timonel.plugins.runtime.docker.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameReaderTest {

    static byte[] frame(int stream, String payload) {
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        byte[] f = new byte[8 + p.length];
        f[0] = (byte) stream;
        f[4] = (byte) (p.length >>> 24);
        f[5] = (byte) (p.length >>> 16);
        f[6] = (byte) (p.length >>> 8);
        f[7] = (byte) p.length;
        System.arraycopy(p, 0, f, 8, p.length);
        return f;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void framesAreReadWithTheirStreamAndPayload() throws IOException {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(concat(frame(1, "out\n"), frame(2, "err\n"), frame(3, "oci"))));
        FrameReader.Frame first = reader.next();
        assertEquals(FrameReader.Stream.STDOUT, first.stream());
        assertArrayEquals("out\n".getBytes(StandardCharsets.UTF_8), first.payload());
        assertEquals(FrameReader.Stream.STDERR, reader.next().stream());
        FrameReader.Frame system = reader.next();
        assertEquals(FrameReader.Stream.SYSTEM_ERROR, system.stream());
        assertEquals(true, system.stream().isError());
        assertNull(reader.next());
    }

    @Test
    void sizesAreBigEndianAcrossAllFourBytes() throws IOException {
        char[] big = new char[70_000];
        Arrays.fill(big, 'x');
        FrameReader.Frame f = new FrameReader(new ByteArrayInputStream(frame(1, new String(big)))).next();
        assertEquals(70_000, f.payload().length);
    }

    @Test
    void demultiplexingSeparatesStdoutFromStderrAndSystemErrors() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        FrameReader.demultiplex(new ByteArrayInputStream(concat(frame(1, "a"), frame(2, "b"), frame(1, "c"), frame(3, "d"), frame(1, ""))),
                out, err);
        assertEquals("ac", out.toString(StandardCharsets.UTF_8));
        assertEquals("bd", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aDroppedStreamIsSkipped() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameReader.demultiplex(new ByteArrayInputStream(concat(frame(2, "b"), frame(1, "a"))), out, null);
        assertEquals("a", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aStreamCutInsideAFrameIsAnError() {
        byte[] whole = frame(1, "hello");
        assertThrows(EOFException.class, () -> new FrameReader(new ByteArrayInputStream(Arrays.copyOf(whole, 10))).next());
        assertThrows(EOFException.class, () -> new FrameReader(new ByteArrayInputStream(Arrays.copyOf(whole, 5))).next());
    }

    @Test
    void bytesThatAreNotFramesAreRejected() {
        assertThrows(IOException.class, () -> new FrameReader(new ByteArrayInputStream("2026-11-24T00:00:00Z hi\n".getBytes(StandardCharsets.UTF_8))).next());
    }
}

package io.timonel.plugins.runtime.docker.engine;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads Docker's multiplexed stream (the output of a container or exec without a terminal): a
 * sequence of frames, each an 8-byte header {@code [stream, 0, 0, 0, size (uint32, big-endian)]}
 * followed by {@code size} bytes of that stream.
 */
public final class FrameReader {
    /** The largest frame we accept; Docker's own are at most 32 KiB, log messages at most 16 KiB plus a timestamp. */
    static final int MAX_FRAME = 16 * 1024 * 1024;

    private final InputStream in;
    private final byte[] header = new byte[8];

    public FrameReader(InputStream in) {
        this.in = in;
    }

    /** Which stream a frame belongs to; Docker reports its own errors on {@link #SYSTEM_ERROR}. */
    public enum Stream {
        STDIN, STDOUT, STDERR, SYSTEM_ERROR;

        static Stream of(int b) throws IOException {
            return switch (b) {
                case 0 -> STDIN;
                case 1 -> STDOUT;
                case 2 -> STDERR;
                case 3 -> SYSTEM_ERROR;
                default -> throw new IOException("not a multiplexed stream: frame header starts with " + b);
            };
        }

        /** True for the streams a reader shows as standard error. */
        public boolean isError() {
            return this == STDERR || this == SYSTEM_ERROR;
        }
    }

    /** One frame. */
    public record Frame(Stream stream, byte[] payload) {
    }

    /**
     * The next frame, or null at the end of the stream.
     *
     * @throws EOFException when the stream ends inside a frame
     * @throws IOException  when the bytes are not frames
     */
    public Frame next() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        header[0] = (byte) first;
        readFully(header, 1, 7);
        Stream stream = Stream.of(first);
        long size = ((header[4] & 0xffL) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
        if (size > MAX_FRAME) {
            throw new IOException("frame of " + size + " bytes is larger than " + MAX_FRAME);
        }
        byte[] payload = new byte[(int) size];
        readFully(payload, 0, payload.length);
        return new Frame(stream, payload);
    }

    /** Copies every frame to {@code stdout} or {@code stderr} until the stream ends; either may be null to drop it. */
    public static void demultiplex(InputStream in, OutputStream stdout, OutputStream stderr) throws IOException {
        FrameReader reader = new FrameReader(in);
        Frame frame;
        while ((frame = reader.next()) != null) {
            OutputStream target = frame.stream().isError() ? stderr : stdout;
            if (target != null) {
                target.write(frame.payload());
                target.flush();
            }
        }
    }

    private void readFully(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = in.read(b, off, len);
            if (n < 0) {
                throw new EOFException("stream ended inside a frame");
            }
            off += n;
            len -= n;
        }
    }
}

package io.timonel.plugins.runtime.docker.engine;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP exchange with the engine, past its response head: {@link #input()} reads the body (or,
 * once hijacked, the process's output) and {@link #output()} writes the request body (or the
 * process's input). Reading and writing may happen on two threads at once.
 *
 * <p>The streams call the channel directly rather than through {@code Channels.newInputStream},
 * whose JDK 17 streams take the channel's blocking lock and so would block a writer behind a
 * waiting reader.
 */
public final class EngineConnection implements Closeable {
    private final SocketChannel channel;
    private final InputStream input = new ChannelInput();
    private final OutputStream output = new ChannelOutput();
    private ByteBuffer leftover = ByteBuffer.allocate(0);
    private int status;
    private final Map<String, String> headers = new LinkedHashMap<>();

    EngineConnection(SocketChannel channel) {
        this.channel = channel;
    }

    /** The response's status code. */
    public int status() {
        return status;
    }

    /** A response header (names compared without case), or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public InputStream input() {
        return input;
    }

    public OutputStream output() {
        return output;
    }

    /** Ends what we send (the process reads end of input) while its output keeps coming. */
    public void shutdownOutput() throws IOException {
        if (channel.isOpen()) {
            channel.shutdownOutput();
        }
    }

    /** Reads the rest of the body, up to {@code limit} bytes. */
    public byte[] readBody(int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while (out.size() < limit && (n = input.read(buffer, 0, Math.min(buffer.length, limit - out.size()))) > 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Closes both directions; a thread blocked reading gets an exception or end of stream. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    void readHead() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        int end;
        while ((end = headEnd(buffer)) < 0) {
            if (!buffer.hasRemaining()) {
                throw new IOException("response head longer than " + buffer.capacity() + " bytes");
            }
            if (channel.read(buffer) < 0) {
                throw new EOFException("connection closed before the response head ended");
            }
        }
        String head = new String(buffer.array(), 0, end, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response: " + lines[0]);
        }
        status = Integer.parseInt(statusLine[1]);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        leftover = ByteBuffer.wrap(buffer.array(), end + 4, buffer.position() - end - 4);
    }

    private static int headEnd(ByteBuffer buffer) {
        byte[] a = buffer.array();
        for (int i = 0; i + 3 < buffer.position(); i++) {
            if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private final class ChannelInput extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (leftover.hasRemaining()) {
                int n = Math.min(len, leftover.remaining());
                leftover.get(b, off, n);
                return n;
            }
            int n;
            do {
                try {
                    n = channel.read(ByteBuffer.wrap(b, off, len));
                } catch (java.nio.channels.ClosedChannelException e) {
                    return -1; // closed by us: the reader sees the end
                }
            } while (n == 0);
            return n;
        }

        @Override
        public void close() throws IOException {
            EngineConnection.this.close();
        }
    }

    private final class ChannelOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }

        /** Half-closes: see {@link EngineConnection#shutdownOutput()}. */
        @Override
        public void close() throws IOException {
            shutdownOutput();
        }
    }
}

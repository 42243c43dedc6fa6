package io.timonel.plugins.runtime.docker.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * A bounded in-memory pipe between the thread that pumps a session's output and the thread that
 * reads it. Unlike {@code java.io.PipedInputStream} it does not care which threads come and go.
 * The writer blocks while the buffer is full; once the reader closes its end, writes are
 * dropped, so a reader that walks away never stalls the pump (and with it the other stream).
 */
public final class BytePipe {
    private final byte[] buffer;
    private int head;
    private int count;
    private boolean writerClosed;
    private boolean readerClosed;
    private final InputStream source = new Source();
    private final OutputStream sink = new Sink();

    public BytePipe(int capacity) {
        buffer = new byte[capacity];
    }

    /** The end the consumer reads; it ends once {@link #sink()} was closed and drained. */
    public InputStream source() {
        return source;
    }

    /** The end the pump writes. */
    public OutputStream sink() {
        return sink;
    }

    /** Ends the stream: the reader gets what is buffered, then the end. Same as closing {@link #sink()}. */
    public void closeWriter() {
        synchronized (this) {
            writerClosed = true;
            notifyAll();
        }
    }

    private final class Source extends InputStream {
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
            synchronized (BytePipe.this) {
                while (count == 0 && !writerClosed && !readerClosed) {
                    await();
                }
                if (count == 0) {
                    return -1;
                }
                int n = Math.min(len, count);
                for (int i = 0; i < n; i++) {
                    b[off + i] = buffer[(head + i) % buffer.length];
                }
                head = (head + n) % buffer.length;
                count -= n;
                BytePipe.this.notifyAll();
                return n;
            }
        }

        @Override
        public int available() {
            synchronized (BytePipe.this) {
                return count;
            }
        }

        @Override
        public void close() {
            synchronized (BytePipe.this) {
                readerClosed = true;
                count = 0;
                BytePipe.this.notifyAll();
            }
        }
    }

    private final class Sink extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (BytePipe.this) {
                if (writerClosed) {
                    throw new IOException("pipe closed");
                }
                while (len > 0) {
                    if (readerClosed) {
                        return;
                    }
                    if (count == buffer.length) {
                        await();
                        continue;
                    }
                    int n = Math.min(len, buffer.length - count);
                    for (int i = 0; i < n; i++) {
                        buffer[(head + count + i) % buffer.length] = b[off + i];
                    }
                    count += n;
                    off += n;
                    len -= n;
                    BytePipe.this.notifyAll();
                }
            }
        }

        @Override
        public void close() {
            closeWriter();
        }
    }

    private void await() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on the pipe");
        }
    }
}

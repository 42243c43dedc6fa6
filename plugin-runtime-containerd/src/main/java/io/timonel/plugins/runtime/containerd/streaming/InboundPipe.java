package io.timonel.plugins.runtime.containerd.streaming;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;

/**
 * An input stream fed with chunks by the connection's event loop and read by the session's user.
 * It holds at most about {@link #HIGH_WATER} bytes before {@link #offer} asks the connection to stop
 * reading; once the reader brought it down to {@link #LOW_WATER}, it calls {@code resume}. One reader.
 */
final class InboundPipe extends InputStream {

    static final long HIGH_WATER = 4L << 20;
    static final long LOW_WATER = 1L << 20;

    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final Runnable resume;
    private int offset;
    private long buffered;
    private boolean ended;
    private boolean paused;

    /** @param resume called (on the reader's thread) when a pipe that asked to pause has room again */
    InboundPipe(Runnable resume) {
        this.resume = resume;
    }

    /** Adds a chunk; returns true if the connection should stop reading until {@code resume}. */
    synchronized boolean offer(byte[] chunk) {
        if (ended || chunk.length == 0) {
            return false;
        }
        chunks.addLast(chunk);
        buffered += chunk.length;
        notifyAll();
        if (buffered > HIGH_WATER) {
            paused = true;
        }
        return paused;
    }

    /** No more chunks will come: the reader sees the end once it read what is buffered. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        boolean resumeNow = false;
        int n;
        synchronized (this) {
            while (chunks.isEmpty() && !ended) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading the stream");
                }
            }
            if (chunks.isEmpty()) {
                return -1;
            }
            byte[] head = chunks.peekFirst();
            n = Math.min(len, head.length - offset);
            System.arraycopy(head, offset, b, off, n);
            offset += n;
            if (offset == head.length) {
                chunks.removeFirst();
                offset = 0;
            }
            buffered -= n;
            if (paused && buffered <= LOW_WATER) {
                paused = false;
                resumeNow = true;
            }
        }
        if (resumeNow) {
            resume.run();
        }
        return n;
    }

    @Override
    public synchronized int available() {
        return (int) Math.min(Integer.MAX_VALUE, buffered);
    }

    /** The reader gives up: what is buffered or still comes is dropped. */
    @Override
    public void close() {
        boolean resumeNow;
        synchronized (this) {
            ended = true;
            chunks.clear();
            buffered = 0;
            offset = 0;
            resumeNow = paused;
            paused = false;
            notifyAll();
        }
        if (resumeNow) {
            resume.run();
        }
    }
}

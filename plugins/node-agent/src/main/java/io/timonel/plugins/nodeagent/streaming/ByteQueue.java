package io.timonel.plugins.nodeagent.streaming;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;

/**
 * Bytes handed from a connection's reader thread to one stream's consumer. Bounded, so that a
 * consumer far behind slows the connection (TCP pushes back on the peer) instead of filling the
 * heap; {@link #end()} gives the consumer EOF after what was queued, {@link #fail} an error.
 */
public final class ByteQueue {
    private final int limit;
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int queued;
    private boolean ended;
    private String failure;
    private boolean consumerGone;

    public ByteQueue(int limit) {
        this.limit = limit;
    }

    /** Queues a copy of the bytes, waiting while the queue is full; dropped once the consumer is gone. */
    public synchronized void put(byte[] data) throws InterruptedIOException {
        if (data.length == 0) {
            return;
        }
        while (queued >= limit && !consumerGone && !ended && failure == null) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while queueing stream data");
            }
        }
        if (consumerGone || ended || failure != null) {
            return;
        }
        chunks.add(data);
        queued += data.length;
        notifyAll();
    }

    /** No more bytes will come: the consumer reads what is queued, then EOF. */
    public synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** The stream broke: the consumer gets an IOException once the queue is drained. */
    public synchronized void fail(String why) {
        if (!ended) {
            failure = why;
        }
        notifyAll();
    }

    /** The consumer's view. Closing it discards what is queued and what comes later. */
    public InputStream input() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return take(b, off, len);
            }

            @Override
            public void close() {
                synchronized (ByteQueue.this) {
                    consumerGone = true;
                    chunks.clear();
                    queued = 0;
                    ByteQueue.this.notifyAll();
                }
            }
        };
    }

    private synchronized int take(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (chunks.isEmpty()) {
            if (consumerGone || ended) {
                return -1;
            }
            if (failure != null) {
                throw new IOException(failure);
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading stream data");
            }
        }
        byte[] head = chunks.peek();
        int n = Math.min(len, head.length);
        System.arraycopy(head, 0, b, off, n);
        if (n == head.length) {
            chunks.poll();
        } else {
            chunks.poll();
            byte[] rest = new byte[head.length - n];
            System.arraycopy(head, n, rest, 0, rest.length);
            chunks.addFirst(rest);
        }
        queued -= n;
        notifyAll();
        return n;
    }
}

package io.timonel.plugins.runtime.docker.engine;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

/** Keeps the first {@code limit} bytes written and silently drops the rest (probe and hook output). */
public final class CappedBuffer extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final int limit;

    public CappedBuffer(int limit) {
        this.limit = limit;
    }

    @Override
    public synchronized void write(int b) {
        if (bytes.size() < limit) {
            bytes.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        bytes.write(b, off, Math.max(0, Math.min(len, limit - bytes.size())));
    }

    public synchronized byte[] toByteArray() {
        return bytes.toByteArray();
    }
}

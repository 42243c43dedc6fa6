package io.timonel.kernel.store.sqlite;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Read-only connections lent out one per read. In WAL mode readers see the last committed
 * snapshot and never wait for the writer, so gets, ranges and watch replays run beside writes.
 */
final class ReadPool implements AutoCloseable {
    /** How long {@link #close} waits for reads in flight to give their connection back. */
    private static final long CLOSE_WAIT_SECONDS = 10;

    /** One read, run inside a read transaction (one consistent snapshot). */
    @FunctionalInterface
    interface Read<T, E extends Exception> {
        T run(SqlSession session) throws SQLException, E;
    }

    private final BlockingQueue<SqlSession> idle;
    private final int size;
    private volatile boolean closed;

    private ReadPool(List<SqlSession> sessions) {
        this.size = sessions.size();
        this.idle = new ArrayBlockingQueue<>(size, false, sessions);
    }

    static ReadPool open(Path file, int size) throws SQLException {
        List<SqlSession> sessions = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                sessions.add(SqlSession.open(file, KvTable.READER_PRAGMAS));
            }
        } catch (SQLException e) {
            sessions.forEach(SqlSession::close);
            throw e;
        }
        return new ReadPool(sessions);
    }

    /** Runs {@code read} on an idle connection, waiting for one if all are busy. */
    <T, E extends Exception> T read(Read<T, E> read) throws IOException, E {
        SqlSession session = borrow();
        try {
            session.beginRead();
            boolean committed = false;
            try {
                T result = read.run(session);
                session.commit();
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    session.rollbackQuietly();
                }
            }
        } catch (SQLException e) {
            throw new IOException("store read failed: " + e.getMessage(), e);
        } finally {
            idle.add(session);
        }
    }

    private SqlSession borrow() throws IOException {
        if (closed) {
            throw new IOException("store is closed");
        }
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a store connection");
        }
    }

    /** Closes the connections once the reads in flight have returned them (bounded wait). */
    @Override
    public void close() {
        closed = true;
        for (int i = 0; i < size; i++) {
            try {
                SqlSession session = idle.poll(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
                if (session == null) {
                    return;
                }
                session.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

package io.timonel.kernel.store.sqlite;

import io.timonel.spi.store.KeyValue;
import io.timonel.spi.store.StoreEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema and every SQL statement of the embedded store, in one place. The layout is described
 * on {@link SqliteStoreBackend}; these methods run inside transactions their callers open.
 */
final class KvTable {

    /** Run on a new database before anything else: auto_vacuum can only be chosen while empty. */
    static final String[] WRITER_PRAGMAS = {
        // Only compaction frees pages, so FULL costs ordinary writes nothing and has each
        // compaction commit hand its pages back (the file shrinks at the next checkpoint).
        "PRAGMA auto_vacuum = FULL",
        "PRAGMA journal_mode = WAL",
        // FULL syncs the WAL at every commit: an acknowledged write survives power loss.
        "PRAGMA synchronous = FULL",
        // Caps what a checkpointed WAL keeps on disk, so compaction's space comes back.
        "PRAGMA journal_size_limit = 16777216",
        "PRAGMA busy_timeout = 10000",
    };

    static final String[] READER_PRAGMAS = {
        "PRAGMA query_only = 1",
        "PRAGMA busy_timeout = 10000",
    };

    private static final String[] SCHEMA = {
        """
        CREATE TABLE IF NOT EXISTS kv (
            id              INTEGER PRIMARY KEY AUTOINCREMENT,
            name            TEXT    NOT NULL,
            created         INTEGER NOT NULL,
            deleted         INTEGER NOT NULL,
            create_revision INTEGER NOT NULL,
            prev_revision   INTEGER NOT NULL,
            value           BLOB    NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS kv_name_id ON kv (name, id)",
        "CREATE UNIQUE INDEX IF NOT EXISTS kv_name_prev_revision ON kv (name, prev_revision)",
        "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
        "INSERT OR IGNORE INTO meta (name, value) VALUES ('schema_version', 1), ('compacted_revision', 0)",
    };

    private static final String LATEST =
            "SELECT id, deleted, create_revision, value FROM kv WHERE name = ? ORDER BY id DESC LIMIT 1";
    private static final String INSERT =
            "INSERT INTO kv (id, name, created, deleted, create_revision, prev_revision, value)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String SEQUENCE = "SELECT seq FROM sqlite_sequence WHERE name = 'kv'";
    private static final String COMPACTED = "SELECT value FROM meta WHERE name = 'compacted_revision'";
    private static final String SET_COMPACTED = "UPDATE meta SET value = ? WHERE name = 'compacted_revision'";
    // A row is superseded at revision R when its successor (the row naming it as prev_revision)
    // is at or below R; only successors in (from, to] can be new since the last compaction.
    private static final String DELETE_SUPERSEDED = "DELETE FROM kv WHERE id IN"
            + " (SELECT prev_revision FROM kv WHERE id > ? AND id <= ? AND prev_revision > 0)";
    private static final String DELETE_TOMBSTONES = "DELETE FROM kv WHERE id > ? AND id <= ? AND deleted = 1";

    private KvTable() {
    }

    /** The newest row of one key, tombstone or not. */
    record Row(long id, boolean deleted, long createRevision, byte[] value) {
        KeyValue toKeyValue(String key) {
            return new KeyValue(key, value, createRevision, id);
        }
    }

    static void createIfMissing(SqlSession session) throws SQLException {
        session.beginWrite();
        try {
            for (String statement : SCHEMA) {
                session.execute(statement);
            }
            session.commit();
        } catch (SQLException e) {
            session.rollbackQuietly();
            throw e;
        }
    }

    /** The newest row of {@code key}, or {@code null} when it never existed (or was compacted away). */
    static Row latest(SqlSession session, String key) throws SQLException {
        PreparedStatement statement = session.prepared(LATEST);
        statement.setString(1, key);
        try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            return new Row(rs.getLong(1), rs.getInt(2) != 0, rs.getLong(3), bytes(rs, 4));
        }
    }

    static void insert(SqlSession session, long id, String key, boolean created, boolean deleted,
                       long createRevision, long prevRevision, byte[] value) throws SQLException {
        PreparedStatement statement = session.prepared(INSERT);
        statement.setLong(1, id);
        statement.setString(2, key);
        statement.setInt(3, created ? 1 : 0);
        statement.setInt(4, deleted ? 1 : 0);
        statement.setLong(5, createRevision);
        statement.setLong(6, prevRevision);
        statement.setBytes(7, value);
        statement.executeUpdate();
    }

    /** The store revision: the largest id ever used, which survives the deletion of its row. */
    static long revision(SqlSession session) throws SQLException {
        try (ResultSet rs = session.prepared(SEQUENCE).executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static long compactedRevision(SqlSession session) throws SQLException {
        try (ResultSet rs = session.prepared(COMPACTED).executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * Drops the history between two compactions: rows superseded at or below {@code to}, and
     * tombstones in {@code (from, to]}, then records {@code to} as the compacted revision.
     */
    static void compact(SqlSession session, long from, long to) throws SQLException {
        PreparedStatement superseded = session.prepared(DELETE_SUPERSEDED);
        superseded.setLong(1, from);
        superseded.setLong(2, to);
        superseded.executeUpdate();
        PreparedStatement tombstones = session.prepared(DELETE_TOMBSTONES);
        tombstones.setLong(1, from);
        tombstones.setLong(2, to);
        tombstones.executeUpdate();
        PreparedStatement record = session.prepared(SET_COMPACTED);
        record.setLong(1, to);
        record.executeUpdate();
    }

    /** The current values in {@code range}, in key order, at most {@code limit} ({@code < 0}: all). */
    static List<KeyValue> range(SqlSession session, KeyRange range, int limit) throws SQLException {
        // Walks the name index in key order and keeps each key's newest row, so a page stops
        // after `limit` keys instead of first gathering the whole prefix.
        String sql = "SELECT k.name, k.value, k.create_revision, k.id FROM kv k"
                + " WHERE " + range.condition("k.name")
                + " AND k.id = (SELECT MAX(id) FROM kv WHERE name = k.name) AND k.deleted = 0"
                + " ORDER BY k.name LIMIT ?";
        PreparedStatement statement = session.prepared(sql);
        int next = range.bind(statement, 1);
        statement.setInt(next, limit);
        List<KeyValue> items = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                items.add(new KeyValue(rs.getString(1), bytes(rs, 2), rs.getLong(3), rs.getLong(4)));
            }
        }
        return items;
    }

    /**
     * The changes in {@code range} with revisions in {@code (after, upTo]}, oldest first, at most
     * {@code limit}; each is rebuilt exactly as the writer published it.
     */
    static List<StoreEvent> history(SqlSession session, KeyRange range, long after, long upTo, int limit)
            throws SQLException {
        String sql = "SELECT k.id, k.name, k.created, k.deleted, k.create_revision, k.value,"
                + " p.id, p.create_revision, p.value"
                + " FROM kv k LEFT JOIN kv p ON p.id = k.prev_revision"
                + " WHERE k.id > ? AND k.id <= ? AND " + range.condition("k.name")
                + " ORDER BY k.id LIMIT ?";
        PreparedStatement statement = session.prepared(sql);
        statement.setLong(1, after);
        statement.setLong(2, upTo);
        int next = range.bind(statement, 3);
        statement.setInt(next, limit);
        List<StoreEvent> events = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                String key = rs.getString(2);
                KeyValue current = new KeyValue(key, bytes(rs, 6), rs.getLong(5), rs.getLong(1));
                long previousId = rs.getLong(7);
                boolean hasPrevious = !rs.wasNull();
                KeyValue previous = hasPrevious ? new KeyValue(key, bytes(rs, 9), rs.getLong(8), previousId) : null;
                if (rs.getInt(3) != 0) {
                    events.add(new StoreEvent(StoreEvent.Type.CREATED, current, null));
                } else if (rs.getInt(4) != 0) {
                    events.add(new StoreEvent(StoreEvent.Type.DELETED, current, previous));
                } else {
                    events.add(new StoreEvent(StoreEvent.Type.UPDATED, current, previous));
                }
            }
        }
        return events;
    }

    private static byte[] bytes(ResultSet rs, int column) throws SQLException {
        byte[] value = rs.getBytes(column);
        return value == null ? new byte[0] : value;
    }
}

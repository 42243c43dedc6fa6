package io.timonel.kernel.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * One SQLite connection with its prepared statements. Used by one thread at a time: the writer
 * owns one, the {@link ReadPool} lends the others. Transactions are begun and ended with plain
 * SQL so that the connection stays in auto-commit mode between them (PRAGMAs such as
 * {@code wal_checkpoint} must run outside a transaction).
 */
final class SqlSession implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    private SqlSession(Connection connection) {
        this.connection = connection;
    }

    /** Opens a connection to {@code file} and runs {@code pragmas} on it, in order. */
    static SqlSession open(Path file, String... pragmas) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        SqlSession session = new SqlSession(connection);
        try {
            for (String pragma : pragmas) {
                session.execute(pragma);
            }
        } catch (SQLException e) {
            session.close();
            throw e;
        }
        return session;
    }

    /** A statement prepared once per connection and reused; the caller binds every parameter. */
    PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Runs {@code sql} and reads whatever rows it returns (a PRAGMA may work as it is stepped). */
    void executeFully(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (statement.execute(sql)) {
                try (ResultSet rs = statement.getResultSet()) {
                    while (rs.next()) {
                        // Stepping is the work.
                    }
                }
            }
        }
    }

    /** Starts a read transaction: the statements until {@link #commit} see one snapshot. */
    void beginRead() throws SQLException {
        execute("BEGIN DEFERRED");
    }

    /** Starts a write transaction, taking the write lock at once. */
    void beginWrite() throws SQLException {
        execute("BEGIN IMMEDIATE");
    }

    void commit() throws SQLException {
        execute("COMMIT");
    }

    /** Rolls back the open transaction; never throws, since it runs on failure paths. */
    void rollbackQuietly() {
        try {
            execute("ROLLBACK");
        } catch (SQLException ignored) {
            // No transaction was open, or SQLite already rolled it back after the error.
        }
    }

    @Override
    public void close() {
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // Closing the connection below releases it anyway.
            }
        }
        statements.clear();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Nothing left to release.
        }
    }
}

package dev.jnet.core.store;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables of {@code jnet.db} and how an older file is brought up to date. The schema version is
 * SQLite's {@code user_version}; migration {@code i} takes a file from version {@code i} to {@code i + 1}.
 * A released migration is never edited: a change of tables or of the JSON format is a new migration.
 */
final class SqliteSchema {
    private static final List<List<String>> MIGRATIONS = List.of(List.of(
            "CREATE TABLE networks (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, json TEXT NOT NULL) STRICT",
            "CREATE TABLE endpoints (id TEXT PRIMARY KEY, network_id TEXT NOT NULL, sandbox_id TEXT NOT NULL,"
                    + " json TEXT NOT NULL) STRICT",
            "CREATE INDEX endpoints_by_network ON endpoints (network_id)",
            "CREATE INDEX endpoints_by_sandbox ON endpoints (sandbox_id)",
            "CREATE TABLE sandboxes (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, json TEXT NOT NULL) STRICT"),
            // Format 2: networks have a scope and driver data; endpoints the host they live on (empty: the
            // controller fills in its own at start) and their join record (null: their driver restores it).
            List.of("UPDATE networks SET json = json_set(json, '$.scope', 'local', '$.driverData', json('{}'))",
                    "UPDATE endpoints SET json = json_set(json, '$.host', '', '$.joined', json('null'))",
                    "UPDATE sandboxes SET json = json_set(json, '$.runtime', json('null'))"),
            // Format 3: networks name their IPAM driver (pools their plugin's PoolID, filled in when read).
            List.of("UPDATE networks SET json = json_set(json, '$.ipam', json('{\"driver\":\"default\",\"options\":{}}'))"));

    /** The version this jnet writes and reads. */
    static final int VERSION = MIGRATIONS.size();

    private SqliteSchema() {}

    /** Creates the tables in a new file, or migrates an older one, in one transaction. */
    static void migrate(Connection connection, Path file) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                int version = version(statement);
                if (version > VERSION) {
                    throw new JnetException(ErrorKind.INTERNAL, "the store " + file + " has schema version " + version
                            + ", written by a newer jnet; this jnet reads up to version " + VERSION
                            + ": run the newer jnet, or move the file away to start with empty state");
                }
                for (int v = version; v < VERSION; v++) {
                    for (String sql : MIGRATIONS.get(v)) {
                        statement.execute(sql);
                    }
                }
                if (version < VERSION) {
                    statement.execute("PRAGMA user_version = " + VERSION);
                }
                statement.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                SqliteStore.rollback(statement, e);
                throw e;
            }
        }
    }

    static int version(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}

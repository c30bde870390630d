package dev.jnet.core.store;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.Sandbox;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The store jnet keeps on disk: the SQLite database {@code jnet.db} in a state directory. Each record is
 * one row of JSON, beside the columns that must be unique or looked up. The database runs in
 * write-ahead-log mode with {@code synchronous=FULL}, so a {@link #write} is on disk when it returns and
 * survives a crash of jnet or of the machine.
 *
 * <p>One connection serves every caller, one call at a time under a lock: jnet writes rarely and in small
 * batches, and SQLite lets only one writer in at a time anyway. Another process may open the same file
 * (the {@code sqlite3} shell, say); this store then waits up to {@value #BUSY_TIMEOUT_MILLIS} ms for its
 * locks.
 */
public final class SqliteStore implements Store {
    /** The database's file name inside the state directory. */
    public static final String FILE_NAME = "jnet.db";
    static final int BUSY_TIMEOUT_MILLIS = 5_000;

    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection; // guarded by lock; null once closed

    private SqliteStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens {@code jnet.db} in the state directory, creating the directory and the database if needed and
     * bringing an older schema up to date. A database written by a newer jnet is refused (INTERNAL).
     */
    public static SqliteStore open(Path stateDirectory) {
        Path file = stateDirectory.resolve(FILE_NAME).toAbsolutePath();
        if (file.toString().indexOf('?') >= 0) {
            // the driver reads what follows '?' in a database path as connection settings
            throw JnetException.invalid("state directory " + stateDirectory + " must not contain '?'");
        }
        try {
            Files.createDirectories(stateDirectory);
        } catch (IOException e) {
            throw JnetException.internal("cannot create state directory " + stateDirectory + ": " + e, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        Connection connection = null;
        try {
            connection = config.createConnection("jdbc:sqlite:" + file);
            requireWal(connection, file);
            SqliteSchema.migrate(connection, file);
            return new SqliteStore(file, connection);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection, e);
            throw failure("cannot open the store ", file, e);
        }
    }

    @Override
    public StoredState load() {
        lock.lock();
        try (Statement statement = connection().createStatement()) {
            statement.execute("BEGIN");
            try {
                StoredState state = new StoredState(
                        readAll(statement, "networks", "network", StoreJson::readNetwork, n -> n.id().value()),
                        readAll(statement, "endpoints", "endpoint", StoreJson::readEndpoint, e -> e.id().value()),
                        readAll(statement, "sandboxes", "sandbox", StoreJson::readSandbox, s -> s.id().value()));
                statement.execute("COMMIT");
                return state;
            } catch (SQLException | RuntimeException e) {
                rollback(statement, e);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            throw failure("cannot read the store ", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(List<StoreChange> changes) {
        List<StoreChange> batch = List.copyOf(changes);
        lock.lock();
        try (Statement statement = connection().createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                for (StoreChange change : batch) {
                    apply(change);
                }
                statement.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollback(statement, e);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            throw failure("cannot write to the store ", e);
        } finally {
            lock.unlock();
        }
    }

    private void apply(StoreChange change) throws SQLException {
        switch (change) {
            case StoreChange.PutNetwork(Network n) -> putNamed("networks", "network", n.id().value(), n.name(),
                    StoreJson.write(n));
            case StoreChange.DeleteNetwork(var id) -> delete("networks", id.value());
            case StoreChange.PutEndpoint(Endpoint e) -> update("""
                    INSERT INTO endpoints (id, network_id, sandbox_id, json) VALUES (?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET network_id = excluded.network_id,
                        sandbox_id = excluded.sandbox_id, json = excluded.json""",
                    e.id().value(), e.network().value(), e.sandbox().value(), StoreJson.write(e));
            case StoreChange.DeleteEndpoint(var id) -> delete("endpoints", id.value());
            case StoreChange.PutSandbox(Sandbox s) -> putNamed("sandboxes", "sandbox", s.id().value(), s.name(),
                    StoreJson.write(s));
            case StoreChange.DeleteSandbox(var id) -> delete("sandboxes", id.value());
        }
    }

    /** An upsert by id; never INSERT OR REPLACE, which would silently delete the row holding the name. */
    private void putNamed(String table, String what, String id, String name, String json) throws SQLException {
        try {
            update("INSERT INTO " + table + " (id, name, json) VALUES (?, ?, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET name = excluded.name, json = excluded.json", id, name, json);
        } catch (SQLException e) {
            Optional<String> holder = idNamed(table, name).filter(other -> !other.equals(id));
            if (holder.isPresent()) {
                throw StoreErrors.nameInUse(what, name, holder.get());
            }
            throw e;
        }
    }

    private Optional<String> idNamed(String table, String name) {
        try (PreparedStatement query = connection.prepareStatement("SELECT id FROM " + table + " WHERE name = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private void delete(String table, String id) throws SQLException {
        update("DELETE FROM " + table + " WHERE id = ?", id);
    }

    private void update(String sql, String... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }

    private <T> List<T> readAll(Statement statement, String table, String what, Function<String, T> parse,
                                Function<T, String> idOf) throws SQLException {
        List<T> records = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("SELECT id, json FROM " + table + " ORDER BY rowid")) {
            while (rows.next()) {
                String id = rows.getString(1);
                T record;
                try {
                    record = parse.apply(rows.getString(2));
                } catch (RuntimeException e) {
                    throw JnetException.internal(what + " " + id + " in the store " + file + " is unreadable: "
                            + e.getMessage(), e);
                }
                if (!idOf.apply(record).equals(id)) {
                    throw new JnetException(ErrorKind.INTERNAL, what + " row " + id + " in the store " + file
                            + " holds " + what + " " + idOf.apply(record));
                }
                records.add(record);
            }
        }
        return records;
    }

    /** For tests: a pragma's value on this store's own connection. */
    String pragma(String name) {
        lock.lock();
        try (Statement statement = connection().createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            throw JnetException.internal("cannot read pragma " + name + " of " + file, e);
        } finally {
            lock.unlock();
        }
    }

    private JnetException failure(String action, Exception e) {
        return failure(action, file, e);
    }

    /** Passes a JnetException on as it is; anything else, an SQL error or a bug, is INTERNAL. */
    private static JnetException failure(String action, Path file, Exception e) {
        return e instanceof JnetException je ? je : JnetException.internal(action + file + ": " + e.getMessage(), e);
    }

    private Connection connection() {
        if (connection == null) {
            throw JnetException.unavailable("the store " + file + " is closed");
        }
        return connection;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            throw JnetException.internal("cannot close the store " + file + ": " + e.getMessage(), e);
        } finally {
            connection = null;
            lock.unlock();
        }
    }

    private static void requireWal(Connection connection, Path file) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA journal_mode")) {
            String mode = rows.next() ? rows.getString(1) : "unknown";
            if (!mode.equalsIgnoreCase("wal")) {
                throw JnetException.unavailable("the store " + file + " cannot use write-ahead logging (journal mode"
                        + " is " + mode + "); put the state directory on a local file system");
            }
        }
    }

    /** Ends the open transaction after {@code failure}; a failed rollback is recorded on the failure. */
    static void rollback(Statement statement, Exception failure) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static void closeQuietly(Connection connection, Exception failure) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                failure.addSuppressed(e);
            }
        }
    }
}

package dev.jnet.core.store;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.Sandbox;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static dev.jnet.core.store.StoreFixtures.network;
import static dev.jnet.core.store.StoreFixtures.richEndpoint;
import static dev.jnet.core.store.StoreFixtures.richNetwork;
import static dev.jnet.core.store.StoreFixtures.richSandbox;
import static dev.jnet.core.store.StoreFixtures.sandbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteStoreTest extends StoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected Store openStore() {
        return SqliteStore.open(dir);
    }

    private Path file() {
        return dir.resolve(SqliteStore.FILE_NAME).toAbsolutePath();
    }

    /** A connection of the test's own, as another process would open the file. */
    private Connection raw() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file());
    }

    private String query(String sql) throws SQLException {
        try (Connection connection = raw(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = raw(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void openCreatesTheStateDirectoryAndJnetDbInIt() {
        Path nested = dir.resolve("var/lib/jnet");
        try (SqliteStore created = SqliteStore.open(nested)) {
            assertThat(nested.resolve("jnet.db")).isRegularFile();
            assertThat(created.load()).isEqualTo(StoredState.EMPTY);
        }
    }

    @Test
    void everyWriteSurvivesCloseAndReopen() {
        Network network = richNetwork("rich");
        Sandbox sandbox = richSandbox("web");
        Endpoint endpoint = richEndpoint(network, sandbox);
        Network deleted = network("deleted");
        store.write(List.of(new StoreChange.PutNetwork(network), new StoreChange.PutNetwork(deleted)));
        store.write(List.of(new StoreChange.PutSandbox(sandbox), new StoreChange.PutEndpoint(endpoint)));
        store.write(new StoreChange.DeleteNetwork(deleted.id()));
        store.close();

        store = SqliteStore.open(dir);

        assertThat(store.load()).isEqualTo(new StoredState(List.of(network), List.of(endpoint), List.of(sandbox)));
    }

    @Test
    void theDatabaseUsesWriteAheadLoggingAndFullSync() throws SQLException {
        SqliteStore sqlite = (SqliteStore) store;

        assertThat(sqlite.pragma("journal_mode")).isEqualTo("wal");
        assertThat(sqlite.pragma("synchronous")).isEqualTo("2"); // FULL
        assertThat(sqlite.pragma("busy_timeout")).isEqualTo(String.valueOf(SqliteStore.BUSY_TIMEOUT_MILLIS));
        assertThat(query("PRAGMA journal_mode")).as("WAL is recorded in the file itself").isEqualTo("wal");
    }

    @Test
    void theSchemaVersionIsRecordedInTheFile() throws SQLException {
        assertThat(query("PRAGMA user_version")).isEqualTo(String.valueOf(SqliteSchema.VERSION));
        assertThat(SqliteSchema.VERSION).isEqualTo(3);
    }

    /**
     * A file as jnet wrote it before format 2: tables of version 1, rows without scope, host or join record
     * (nor the IPAM driver of format 3).
     */
    @Test
    void aFormatOneFileIsMigratedAndItsRowsGetTheirOldMeaning() throws SQLException, java.io.IOException {
        store.close();
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(file() + suffix));
        }
        Network network = StoreFixtures.richNetwork("web");
        Sandbox sandbox = StoreFixtures.sandbox("box");
        Endpoint endpoint = StoreFixtures.richEndpoint(network, sandbox);
        execute("CREATE TABLE networks (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, json TEXT NOT NULL) STRICT");
        execute("CREATE TABLE endpoints (id TEXT PRIMARY KEY, network_id TEXT NOT NULL, sandbox_id TEXT NOT NULL,"
                + " json TEXT NOT NULL) STRICT");
        execute("CREATE TABLE sandboxes (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, json TEXT NOT NULL) STRICT");
        execute("INSERT INTO networks VALUES ('" + network.id() + "', 'web', '"
                + without(StoreJson.write(network), "scope", "driverData", "ipam") + "')");
        execute("INSERT INTO endpoints VALUES ('" + endpoint.id() + "', '" + network.id() + "', '" + sandbox.id() + "', '"
                + without(StoreJson.write(endpoint), "joined", "host") + "')");
        execute("INSERT INTO sandboxes VALUES ('" + sandbox.id() + "', 'box', '" + without(StoreJson.write(sandbox), "runtime") + "')");
        execute("PRAGMA user_version = 1");

        store = SqliteStore.open(dir);
        StoredState loaded = store.load();

        assertThat(query("PRAGMA user_version")).isEqualTo("3");
        assertThat(loaded.networks()).containsExactly(network);
        assertThat(query("SELECT json FROM networks")).contains("\"ipam\":{\"driver\":\"default\",\"options\":{}}");
        assertThat(loaded.networks().getFirst().scope()).isEqualTo(dev.jnet.core.model.Scope.LOCAL);
        assertThat(loaded.endpoints()).containsExactly(endpoint);
        assertThat(loaded.endpoints().getFirst().joined()).as("restored by the controller at start").isEmpty();
        assertThat(loaded.endpoints().getFirst().host()).isEmpty();
        assertThat(query("SELECT json FROM endpoints")).contains("\"joined\":null").contains("\"host\":\"\"");
        assertThat(loaded.sandboxes()).containsExactly(sandbox);
        assertThat(query("SELECT json FROM sandboxes")).contains("\"runtime\":null");
    }

    private static String without(String json, String... fields) {
        var tree = (tools.jackson.databind.node.ObjectNode) new tools.jackson.databind.ObjectMapper().readTree(json);
        for (String field : fields) {
            assertThat(tree.has(field)).isTrue();
            tree.remove(field);
        }
        return tree.toString().replace("'", "''");
    }

    @Test
    void rowsKeepNamesAndReferencesBesideTheJson() throws SQLException {
        Network network = network("net");
        Sandbox sandbox = sandbox("box");
        Endpoint endpoint = StoreFixtures.endpoint(network, sandbox);
        store.write(List.of(new StoreChange.PutNetwork(network), new StoreChange.PutSandbox(sandbox),
                new StoreChange.PutEndpoint(endpoint)));

        assertThat(query("SELECT name FROM networks WHERE id = '" + network.id() + "'")).isEqualTo("net");
        assertThat(query("SELECT name FROM sandboxes WHERE id = '" + sandbox.id() + "'")).isEqualTo("box");
        assertThat(query("SELECT network_id || ' ' || sandbox_id FROM endpoints"))
                .isEqualTo(network.id() + " " + sandbox.id());
        assertThat(query("SELECT json FROM networks")).isEqualTo(StoreJson.write(network));
    }

    @Test
    void aRowOfBrokenJsonIsAnInternalErrorNamingTheRecordAndTheFile() throws SQLException {
        Network network = network("net");
        store.write(new StoreChange.PutNetwork(network));
        execute("UPDATE networks SET json = '{\"id\": \"" + network.id() + "\", ' WHERE id = '" + network.id() + "'");

        assertThatThrownBy(() -> store.load())
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
                .hasMessageStartingWith("network " + network.id() + " in the store " + file() + " is unreadable: ");
    }

    @Test
    void aRowWithAnInvalidValueIsAnInternalErrorSayingWhatIsWrong() throws SQLException {
        Sandbox sandbox = sandbox("box");
        store.write(new StoreChange.PutSandbox(sandbox));
        execute("UPDATE sandboxes SET json = replace(json, '\"box\"', '\"bad name!\"')");

        assertThatThrownBy(() -> store.load())
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
                .hasMessageContaining("sandbox " + sandbox.id() + " in the store " + file() + " is unreadable")
                .hasMessageContaining("sandbox name 'bad name!' is invalid");
    }

    @Test
    void aRowWhoseJsonHoldsAnotherIdIsAnInternalError() throws SQLException {
        Network first = network("first");
        Network second = network("second");
        store.write(List.of(new StoreChange.PutNetwork(first), new StoreChange.PutNetwork(second)));
        execute("UPDATE networks SET json = (SELECT json FROM networks WHERE id = '" + second.id() + "')"
                + " WHERE id = '" + first.id() + "'");

        assertThatThrownBy(() -> store.load())
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
                .hasMessageContaining("network row " + first.id() + " in the store " + file() + " holds network "
                        + second.id());
    }

    @Test
    void aDatabaseWrittenByANewerJnetIsRefusedWithBothVersions() throws SQLException {
        store.close();
        execute("PRAGMA user_version = " + (SqliteSchema.VERSION + 1));

        assertThatThrownBy(() -> SqliteStore.open(dir))
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
                .hasMessageContaining("the store " + file() + " has schema version " + (SqliteSchema.VERSION + 1))
                .hasMessageContaining("newer jnet")
                .hasMessageContaining("reads up to version " + SqliteSchema.VERSION);
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedNamingIt() throws Exception {
        store.close();
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(file() + suffix));
        }
        Files.writeString(file(), "this is not an SQLite database, but it is long enough to look like a header\n"
                .repeat(20));

        assertThatThrownBy(() -> SqliteStore.open(dir))
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
                .hasMessageContaining("cannot open the store " + file());
    }

    @Test
    void aStateDirectoryThatIsAFileIsRefusedNamingIt() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");

        assertThatThrownBy(() -> SqliteStore.open(notADirectory))
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
                .hasMessageContaining("cannot create state directory " + notADirectory);
    }
}

package dev.jnet.core.controller;

import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.core.store.SqliteStore;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** A store written before join records and host ids (format 1): the controller completes it once, at start. */
@ExtendWith(NetnsExtension.class)
class StoreUpgradeTest {
    @Test
    void endpointsOfAFormatOneStoreGetTheirJoinRecordsAndTheHostIdAndDefaultRoutesStillMove(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            Controller c = host.controller();
            c.createNetwork(PublishedPortsTest.network("one", "10.31.0.0/24"));
            c.createNetwork(PublishedPortsTest.network("two", "10.32.0.0/24").withInternal(false));
            c.createNetwork(PublishedPortsTest.network("shut", "10.33.0.0/24").withInternal(true));
            var s = c.createSandbox(SandboxSpec.named("s"));
            c.connect("one", "s", ConnectSpec.DEFAULT);
            c.connect("two", "s", ConnectSpec.DEFAULT);
            c.connect("shut", "s", ConnectSpec.DEFAULT);

            c = host.restartAfter(() -> toFormatOne(host));

            assertThat(c.endpointsOf(c.sandbox("s"))).allSatisfy(e -> assertThat(e.host()).isEqualTo("test-host"))
                    .extracting(e -> e.joinRecord().ipv4Gateway().map(a -> a.getHostAddress()).orElse("-") + " "
                            + e.joinRecord().defaultRoute())
                    .containsExactly("10.31.0.1 true", "10.32.0.1 true", "10.33.0.1 false");
            assertThat(c.reconcile().changedNothing()).isTrue();
            c.disconnect("one", "s", false);
            assertThat(Command.check("nsenter", "--net=" + s.namespace(), "ip", "-4", "route", "show", "default"))
                    .as("the restored record of eth1 carries the default route now").startsWith("default via 10.32.0.1 dev eth1");
            // Written back once: a restart reads format 2 rows.
            Endpoint two = host.restartAfter(() -> { }).endpointsOf(c.sandbox("s")).getFirst();
            assertThat(two.joined()).isPresent();
        }
    }

    /** What jnet wrote before format 2: no scope and driver data, no host and join record; version 1. */
    private static void toFormatOne(FakeHost host) {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + host.stateDirectory.resolve(SqliteStore.FILE_NAME));
             Statement sql = db.createStatement()) {
            sql.execute("UPDATE networks SET json = json_remove(json, '$.scope', '$.driverData')");
            sql.execute("UPDATE endpoints SET json = json_remove(json, '$.host', '$.joined')");
            sql.execute("PRAGMA user_version = 1");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.jnet.daemon;

import dev.jnet.daemon.testing.ApiClient;
import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How jnetd starts and stops: its socket, its lock on the state directory, its host id. */
@ExtendWith(NetnsExtension.class)
class DaemonStartupTest {

    private static void refused(Runnable start, String message) {
        assertThatThrownBy(start::run).isInstanceOfSatisfying(JnetException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void theSocketsAreMode0600WhileRunningAndRemovedOnClose(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            Daemon daemon = host.startDaemon();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(host.socket()))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(host.dockerSocket()))).isEqualTo("rw-------");
            daemon.close();
            assertThat(host.socket()).doesNotExist();
            assertThat(host.dockerSocket()).doesNotExist();
            daemon.awaitStop();
        }
    }

    @Test
    void aSecondDaemonOnTheSameStateDirectoryIsRefusedAndTheFirstKeepsServing(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            DaemonConfig second = host.config().withSocket(host.directory().resolve("second.sock"))
                    .withDockerSocket(host.directory().resolve("second-docker.sock"));

            refused(() -> Daemon.start(second, ns.ns()), "another jnetd (pid " + ProcessHandle.current().pid()
                    + ") is using state directory " + host.stateDirectory());
            assertThat(host.client().get("/v1/_ping").status()).isEqualTo(200);
            assertThat(host.directory().resolve("second.sock")).doesNotExist();
        }
    }

    @Test
    void aDaemonNeverTakesOverASocketAnotherOneListensOn(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            DaemonConfig second = host.config().withStateDirectory(host.directory().resolve("state2"))
                    .withRunDirectory(host.directory().resolve("run2"));

            refused(() -> Daemon.start(second, ns.ns()), "another jnetd is already listening on " + host.socket());
            assertThat(host.client().get("/v1/_ping").status()).isEqualTo(200);
            assertThat(host.directory().resolve("state2")).doesNotExist();
        }
    }

    @Test
    void aSecondDaemonInTheSameNetworkNamespaceIsRefusedEvenWithDirectoriesOfItsOwn(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            int linksBefore = ns.ipLinkNames().size();
            DaemonConfig second = host.config().withSocket(host.directory().resolve("second.sock"))
                    .withDockerSocket(host.directory().resolve("second-docker.sock")).withStateDirectory(host.directory().resolve("state2"))
                    .withRunDirectory(host.directory().resolve("run2"));

            refused(() -> Daemon.start(second, ns.ns()), "another jnetd already runs in this network namespace");
            assertThat(host.client().get("/v1/_ping").status()).isEqualTo(200);
            assertThat(ns.ipLinkNames()).hasSize(linksBefore); // the first one's bridges are untouched
        }
    }

    @Test
    void aStaleSocketLeftByACrashIsRemovedButAnyOtherFileIsNot(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                crashed.bind(UnixDomainSocketAddress.of(host.socket()));
            }
            assertThat(host.socket()).exists();
            Daemon daemon = host.startDaemon();
            assertThat(host.client().get("/v1/_ping").body()).isEqualTo("OK");
            daemon.close();

            Files.writeString(host.socket(), "not a socket");
            refused(host::startDaemon, host.socket() + " exists and is not a socket");
            assertThat(Files.readString(host.socket())).isEqualTo("not a socket");
        }
    }

    @Test
    void theHostIdIsMadeOnceAndKeepsTheIpv6PrefixAcrossRestarts(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            Daemon first = host.startDaemon();
            String id = Files.readString(host.stateDirectory().resolve("host-id")).strip();
            String before = host.client().post("/v1/networks", "{\"name\": \"a\", \"ipv6Enabled\": true}").json()
                    .path("ipam").path("ipv6").get(0).path("subnet").asString();
            first.close();

            host.startDaemon();
            assertThat(Files.readString(host.stateDirectory().resolve("host-id")).strip()).isEqualTo(id);
            String after = host.client().post("/v1/networks", "{\"name\": \"b\", \"ipv6Enabled\": true}").json()
                    .path("ipam").path("ipv6").get(0).path("subnet").asString();
            assertThat(before).startsWith("fd");
            assertThat(ula48(after)).isEqualTo(ula48(before));
        }
    }

    /** The first three groups: the host's unique local /48. */
    private static String ula48(String subnet) {
        return String.join(":", java.util.Arrays.copyOf(subnet.split(":"), 3));
    }

    @Test
    void twoDaemonsWithTheirOwnDirectoriesRunSideBySideEachInItsOwnNamespace(ThrowawayNs one, ThrowawayNs two) {
        try (FakeHost first = new FakeHost(one); FakeHost second = new FakeHost(two)) {
            first.startDaemon();
            second.startDaemon();
            ApiClient a = first.client();
            ApiClient b = second.client();
            assertThat(a.post("/v1/networks", "{\"name\": \"only-in-one\"}").status()).isEqualTo(201);
            assertThat(b.post("/v1/sandboxes", "{\"name\": \"only-in-two\"}").status()).isEqualTo(201);

            assertThat(a.get("/v1/networks/only-in-one").status()).isEqualTo(200);
            assertThat(b.get("/v1/networks/only-in-one").status()).isEqualTo(404);
            assertThat(a.get("/v1/sandboxes/only-in-two").status()).isEqualTo(404);
            assertThat(one.ipLinkNames()).contains("jnet0");
            assertThat(two.ipLinkNames()).contains("jnet0");
            assertThat(first.namespaceFiles()).isEmpty();
            assertThat(second.namespaceFiles()).hasSize(1);
        }
    }
}

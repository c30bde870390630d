package dev.jnet.daemon;

import dev.jnet.daemon.testing.ApiClient;
import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** jnetd's state is root's alone (0700, 0600), while the sandboxes' files stay readable inside the sandboxes. */
@ExtendWith(NetnsExtension.class)
class StatePermissionsTest {
    private static String mode(Path path) {
        return Command.check("stat", "-c", "%a", path.toString()).strip();
    }

    private static void assertRootsAlone(FakeHost host) {
        assertThat(mode(host.stateDirectory())).isEqualTo("700");
        for (String file : StatePermissions.FILES) {
            Path path = host.stateDirectory().resolve(file);
            assertThat(path).exists();
            assertThat(mode(path)).as(file).isEqualTo("600");
        }
    }

    @Test
    void aNewStateDirectoryIs0700AndJnetdsFilesInIt0600(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            assertThat(host.client().post("/v1/networks", "{\"name\": \"web\"}").status()).isEqualTo(201);
            assertRootsAlone(host);
        }
    }

    @Test
    void aLooserStateDirectoryAndFilesLeftByAnOlderJnetdAreTightenedAtStart(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon().close();
            Files.setPosixFilePermissions(host.stateDirectory(), PosixFilePermissions.fromString("rwxr-xr-x"));
            for (String file : new String[] {"jnet.db", "host-id", "jnetd.lock"}) {
                Files.setPosixFilePermissions(host.stateDirectory().resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
            }
            host.startDaemon();
            assertRootsAlone(host);
        }
    }

    @Test
    void aSandboxsHostsAndResolvConfStayReadableByAnyUserThroughTheBindMountOnly(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient.Response created = host.client().post("/v1/sandboxes", "{\"name\": \"s\", \"hostname\": \"box\"}");
            assertThat(created.status()).isEqualTo(201);
            JsonNode sandbox = created.json();
            String hosts = sandbox.path("hostsPath").asString();
            String resolv = sandbox.path("resolvConfPath").asString();
            assertThat(mode(Path.of(hosts))).isEqualTo("644");

            // as jnet run mounts them, for a command that runs as another user
            Command.Result inside = Command.run("unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                    "mount --bind \"$1\" /etc/hosts && mount --bind \"$2\" /etc/resolv.conf && "
                            + "setpriv --reuid=65534 --regid=65534 --clear-groups cat /etc/hosts /etc/resolv.conf",
                    "jnet-run", hosts, resolv);
            assertThat(inside.exitCode()).as(inside.stderr()).isZero();
            assertThat(inside.stdout()).contains("localhost", "nameserver");

            Command.Result direct = Command.run("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "cat", hosts);
            assertThat(direct.exitCode()).isNotZero();
            assertThat(direct.stderr()).contains("Permission denied");
        }
    }
}

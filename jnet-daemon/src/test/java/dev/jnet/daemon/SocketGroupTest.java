package dev.jnet.daemon;

import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who may use jnetd's sockets: root alone by default, and the members of {@code --group} when given. */
@ExtendWith(NetnsExtension.class)
class SocketGroupTest {
    private static final String NOBODY = "65534";

    /** Owner, group and mode as stat(1) shows them. */
    private static String access(Path socket) {
        return Command.check("stat", "-c", "%U:%G %a", socket.toString()).strip();
    }

    /** curl's answer to /_ping on {@code socket}, run as user nobody with {@code groups} as its groups. */
    private static Command.Result pingAsNobody(Path socket, String path, String groups) {
        return Command.run("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                groups.isEmpty() ? "--clear-groups" : "--groups=" + groups,
                "curl", "-sS", "--unix-socket", socket.toString(), "http://jnet" + path);
    }

    /** connect(2) refused (EACCES): curl's "couldn't connect", exit 7. */
    private static void assertRefused(Command.Result curl) {
        assertThat(curl.exitCode()).as(curl.toString()).isEqualTo(7);
        assertThat(curl.stderr()).contains("Couldn't connect");
    }

    @Test
    void withoutAGroupBothSocketsAreRootsAloneAndAnotherUserIsRefused(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            assertThat(access(host.socket())).isEqualTo("root:root 600");
            assertThat(access(host.dockerSocket())).isEqualTo("root:root 600");
            assertRefused(pingAsNobody(host.socket(), "/v1/_ping", ""));
            assertRefused(pingAsNobody(host.dockerSocket(), "/_ping", ""));
        }
    }

    @Test
    void withAGroupBothSocketsAreRootAndTheGroups0660AndOnlyItsMembersGetIn(ThrowawayNs ns) {
        String group = "jnettest" + ProcessHandle.current().pid() % 100_000;
        Command.check("groupadd", group);
        try (FakeHost host = new FakeHost(ns)) {
            String gid = Command.check("getent", "group", group).split(":")[2];
            host.startDaemon(host.config().withGroup(group));
            assertThat(access(host.socket())).isEqualTo("root:" + group + " 660");
            assertThat(access(host.dockerSocket())).isEqualTo("root:" + group + " 660");

            assertThat(pingAsNobody(host.socket(), "/v1/_ping", gid).stdout()).isEqualTo("OK");
            assertThat(pingAsNobody(host.dockerSocket(), "/_ping", gid).stdout()).isEqualTo("OK");
            assertRefused(pingAsNobody(host.socket(), "/v1/_ping", ""));
            assertRefused(pingAsNobody(host.dockerSocket(), "/_ping", ""));
        } finally {
            Command.check("groupdel", group);
        }
    }

    @Test
    void aGroupThatDoesNotExistStopsTheStartWithAClearMessageAndLeavesNoSocket(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            assertThatThrownBy(() -> host.startDaemon(host.config().withGroup("no-such-group-jnet")))
                    .isInstanceOf(JnetException.class)
                    .hasMessageContaining("group 'no-such-group-jnet' does not exist; create it (groupadd no-such-group-jnet)");
            assertThat(List.of(host.socket(), host.dockerSocket())).allMatch(s -> !s.toFile().exists());
        }
    }
}

package dev.jnet.kernel.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The host-untouched check counts jnet's own objects only: what another program makes meanwhile (podman's
 * bridge and veths, CNI's, Docker's tables and rules) does not fail the suite, what jnet made does. Built in
 * a throwaway namespace and read back with the same observers the check uses.
 */
@ExtendWith(NetnsExtension.class)
class HostBaselineTest {
    @Test
    void countsLinksJnetMarkedOrNamedAndNotOtherPrograms(ThrowawayNs ns) {
        run(ns, "ip", "link", "add", "podman0", "type", "bridge");
        run(ns, "ip", "link", "add", "veth1a2b3c4", "type", "veth", "peer", "name", "eth9");
        run(ns, "ip", "link", "add", "br-0123456789ab", "type", "bridge");
        run(ns, "ip", "link", "set", "br-0123456789ab", "alias", "jnet:network:0123456789ab");
        run(ns, "ip", "link", "add", "veth7654321", "type", "veth", "peer", "name", "eth8");
        run(ns, "ip", "link", "set", "veth7654321", "alias", "jnet:endpoint:7654321");
        run(ns, "ip", "link", "add", "jnet0", "type", "bridge");

        assertThat(HostBaseline.jnetLinks(ns.json("ip", "-j", "link", "show")))
                .containsExactly("br-0123456789ab", "jnet0", "veth7654321");
    }

    @Test
    void countsTablesNamedJnetAndRulesMarkedJnetInOtherTables(ThrowawayNs ns) {
        run(ns, "nft", "add table ip filter");
        run(ns, "nft", "add chain ip filter FORWARD { type filter hook forward priority 0; policy drop; }");
        run(ns, "nft", "add rule ip filter FORWARD iifname docker0 accept");
        run(ns, "nft", "add table inet netavark");
        assertThat(HostBaseline.jnetNftables(ns.json("nft", "-j", "list", "ruleset"))).isEmpty();

        run(ns, "nft", "add rule ip filter FORWARD iifname jnet0 accept comment jnet");
        run(ns, "nft", "add rule ip filter FORWARD oifname jnet0 accept comment jnet");
        run(ns, "nft", "add table inet jnet");
        assertThat(HostBaseline.jnetNftables(ns.json("nft", "-j", "list", "ruleset")))
                .containsExactly("inet jnet", "ip filter chain FORWARD jnet rules 2");
    }

    private static void run(ThrowawayNs ns, String... command) {
        assertThat(ns.exec(command).exitCode()).as(String.join(" ", command)).isZero();
    }
}

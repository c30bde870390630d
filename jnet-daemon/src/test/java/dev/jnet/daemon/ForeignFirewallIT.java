package dev.jnet.daemon;

import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.daemon.testing.JnetdProcess;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jnetd on a host where Docker's iptables left {@code FORWARD} with policy drop: with
 * {@code --foreign-firewall=leave} the start-up log, {@code GET /v1/info} and the Docker API's {@code /info}
 * name the chain and the rule that would fix it; by default jnetd inserts its rules and says so.
 */
@ExtendWith(NetnsExtension.class)
class ForeignFirewallIT {
    private static final String FIX_IN = "nft 'add rule ip filter FORWARD iifname \"jnet0\" accept comment \"jnet\"'";

    private static List<String> list(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    @Test
    void withLeaveJnetdNamesTheDroppingChainAndItsFixAndByDefaultItInsertsItsRules(ThrowawayNs ns) throws Exception {
        ns.exec("iptables-nft", "-P", "FORWARD", "DROP").orFail(List.of("iptables-nft -P FORWARD DROP"));
        try (FakeHost host = new FakeHost(ns)) {
            try (JnetdProcess jnetd = JnetdProcess.start(host, "--foreign-firewall=leave").awaitReady(JnetdIT.START)) {
                assertThat(jnetd.log()).contains("WARN", "table ip filter chain FORWARD (policy drop) drops the forwarded "
                        + "traffic of jnet0; to let it through run: " + FIX_IN,
                        "--foreign-firewall=leave, 1 dropping, 1 of them blocking jnet's bridges");
                JsonNode foreign = host.client().get("/v1/info").json().path("foreignFirewall");
                assertThat(foreign.path("mode").asString()).isEqualTo("leave");
                JsonNode drop = foreign.path("drops").get(0);
                assertThat(drop.path("table").asString()).isEqualTo("ip filter");
                assertThat(drop.path("chain").asString()).isEqualTo("FORWARD");
                assertThat(list(drop.path("blocked"))).containsExactly("jnet0");
                assertThat(list(drop.path("fix"))).contains(FIX_IN);
                assertThat(list(host.dockerClient().get("/info").json().path("Warnings")))
                        .anyMatch(w -> w.startsWith("WARNING: table ip filter chain FORWARD (policy drop) drops"));
                assertThat(ns.exec("nft", "list", "chain", "ip", "filter", "FORWARD").stdout()).doesNotContain("jnet");
                jnetd.terminate();
                jnetd.waitFor(JnetdIT.START);
            }
            try (JnetdProcess jnetd = JnetdProcess.start(host).awaitReady(JnetdIT.START)) {
                assertThat(jnetd.log()).contains("inserted 'iifname \"jnet0\" accept comment \"jnet\"' into table ip filter "
                        + "chain FORWARD (policy drop)", "other firewalls: table ip filter chain FORWARD (policy drop) lets "
                        + "jnet's bridges through (jnet0)").doesNotContain("WARN");
                JsonNode drop = host.client().get("/v1/info").json().path("foreignFirewall").path("drops").get(0);
                assertThat(list(drop.path("letThrough"))).containsExactly("jnet0");
                assertThat(list(drop.path("blocked"))).isEmpty();
                assertThat(ns.exec("iptables-nft", "-S", "FORWARD").stdout())
                        .contains("-A FORWARD -i jnet0 -m comment --comment jnet -j ACCEPT");
                jnetd.terminate();
                jnetd.waitFor(JnetdIT.START);
            }
        }
    }
}

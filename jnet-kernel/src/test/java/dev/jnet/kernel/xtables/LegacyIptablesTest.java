package dev.jnet.kernel.xtables;

import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.TestKernel;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.kernel.xtables.LegacyChain.Family;
import dev.jnet.kernel.xtables.LegacyChain.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The legacy FORWARD chains, written with iptables-legacy and read back through getsockopt. */
@ExtendWith(NetnsExtension.class)
class LegacyIptablesTest {
    @Test
    void aNamespaceWithoutLegacyTablesHasNoneAndReadingMakesNone(ThrowawayNs ns) {
        assertThat(LegacyIptables.forwardChains(TestKernel.executor(), ns.ns())).isEmpty();
        assertThat(ns.exec("cat", "/proc/net/ip_tables_names").stdout()).as("no filter table was made").isEmpty();
        assertThat(ns.exec("cat", "/proc/net/ip6_tables_names").stdout()).isEmpty();
    }

    @Test
    void dockersLegacyForwardChainIsReadWithItsPolicyRulesAndJumps(ThrowawayNs ns) {
        for (String command : List.of("iptables-legacy", "ip6tables-legacy")) {
            run(ns, command, "-N", "DOCKER-USER");
            run(ns, command, "-A", "DOCKER-USER", "-j", "RETURN");
            run(ns, command, "-P", "FORWARD", "DROP");
            run(ns, command, "-A", "FORWARD", "-j", "DOCKER-USER");
            run(ns, command, "-A", "FORWARD", "-o", "docker0", "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT");
            run(ns, command, "-A", "FORWARD", "-i", "docker0", "!", "-o", "docker0", "-j", "ACCEPT");
            run(ns, command, "-A", "FORWARD", "-i", "jnet0", "-m", "comment", "--comment", "jnet", "-j", "ACCEPT");
        }
        run(ns, "iptables-legacy", "-A", "FORWARD", "-j", "REJECT");

        List<LegacyChain> chains = LegacyIptables.forwardChains(TestKernel.executor(), ns.ns());

        assertThat(chains).extracting(LegacyChain::family).containsExactly(Family.IPV4, Family.IPV6);
        LegacyChain v4 = chains.getFirst();
        assertThat(v4.table()).isEqualTo("filter");
        assertThat(v4.chain()).isEqualTo("FORWARD");
        assertThat(v4.policy()).isEqualTo("DROP");
        assertThat(v4.rules()).containsExactly(
                new Rule("", "", List.of(), "DOCKER-USER", true),
                new Rule("", "docker0", List.of("conntrack"), "ACCEPT", false),
                new Rule("docker0", "!docker0", List.of(), "ACCEPT", false),
                new Rule("jnet0", "", List.of("comment"), "ACCEPT", false),
                new Rule("", "", List.of(), "REJECT", true));
        assertThat(v4.finalDrop()).contains(5);
        LegacyChain v6 = chains.get(1);
        assertThat(v6.policy()).isEqualTo("DROP");
        assertThat(v6.rules()).hasSize(4);
        assertThat(v6.rules().getLast()).isEqualTo(new Rule("jnet0", "", List.of("comment"), "ACCEPT", false));
        assertThat(v6.finalDrop()).isEmpty();
    }

    @Test
    void anAcceptPolicyIsReadAsSuch(ThrowawayNs ns) {
        run(ns, "iptables-legacy", "-S");
        assertThat(LegacyIptables.forwardChains(TestKernel.executor(), ns.ns()))
                .singleElement().satisfies(c -> {
                    assertThat(c.policy()).isEqualTo("ACCEPT");
                    assertThat(c.rules()).isEmpty();
                });
    }

    private static void run(ThrowawayNs ns, String... command) {
        ns.exec(command).orFail(List.of(command));
    }
}

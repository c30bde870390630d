package dev.jnet.kernel.xtables;

import java.util.List;
import java.util.Optional;

/**
 * A built-in chain of a legacy iptables table, as the kernel holds it.
 *
 * @param family IPv4 ({@code iptables}) or IPv6 ({@code ip6tables})
 * @param table the table, such as {@code filter}
 * @param chain the built-in chain, such as {@code FORWARD}
 * @param policy the chain's policy: {@code ACCEPT} or {@code DROP}
 * @param rules the chain's own rules in order (not those of chains it jumps to)
 */
public record LegacyChain(Family family, String table, String chain, String policy, List<Rule> rules) {
    public LegacyChain {
        rules = List.copyOf(rules);
    }

    /** The address family of a legacy table, with the command that edits it. */
    public enum Family {
        IPV4("iptables"), IPV6("ip6tables");

        /** {@code iptables} or {@code ip6tables}. */
        public final String command;

        Family(String command) {
            this.command = command;
        }
    }

    /**
     * One rule, as far as jnet needs to know it.
     *
     * @param inInterface {@code -i}, empty when the rule matches any (a leading {@code !} when inverted)
     * @param outInterface {@code -o}, likewise
     * @param matches the names of its {@code -m} matches, such as {@code comment} or {@code conntrack}
     * @param target {@code ACCEPT}, {@code DROP}, {@code RETURN}, a chain's name, or an extension such as {@code REJECT}
     * @param matchesEverything whether it has no condition at all (no address, protocol, interface or match)
     */
    public record Rule(String inInterface, String outInterface, List<String> matches, String target,
                       boolean matchesEverything) {
        public Rule {
            matches = List.copyOf(matches);
        }
    }

    /** The 1-based position of the last rule when it drops or rejects everything, as {@code iptables -I} counts. */
    public Optional<Integer> finalDrop() {
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        Rule last = rules.getLast();
        boolean drops = last.target().equals("DROP") || last.target().equals("REJECT");
        return last.matchesEverything() && drops ? Optional.of(rules.size()) : Optional.empty();
    }
}

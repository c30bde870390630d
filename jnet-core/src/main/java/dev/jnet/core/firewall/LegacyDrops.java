package dev.jnet.core.firewall;

import dev.jnet.kernel.xtables.LegacyChain;
import dev.jnet.kernel.xtables.LegacyChain.Rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a legacy iptables FORWARD chain (x_tables, invisible to nftables and never written by jnet) does to
 * jnet's bridges, with the {@code iptables-legacy} commands that would let them through. Only the chain's
 * own rules count: an accept in a chain it jumps to ({@code DOCKER-USER}) is not followed.
 */
final class LegacyDrops {
    private LegacyDrops() {}

    static Optional<ForeignDrop> of(LegacyChain chain, Set<String> bridges) {
        Optional<Integer> finalDrop = chain.finalDrop();
        if (!chain.policy().equals("DROP") && finalDrop.isEmpty()) {
            return Optional.empty();
        }
        String command = chain.family().command + "-legacy";
        String reason = chain.policy().equals("DROP") ? "policy DROP"
                : "its last rule " + (chain.rules().getLast().target().equals("DROP") ? "drops" : "rejects") + " everything";
        List<String> through = new ArrayList<>();
        List<String> blocked = new ArrayList<>();
        List<String> fix = new ArrayList<>();
        for (String bridge : bridges) {
            boolean in = chain.rules().stream().anyMatch(r -> accepts(r, bridge, ""));
            boolean out = chain.rules().stream().anyMatch(r -> accepts(r, "", bridge));
            String add = finalDrop.map(n -> command + " -I " + chain.chain() + " " + n).orElse(command + " -A " + chain.chain());
            if (!in) {
                fix.add(add + " -i " + bridge + " -m comment --comment " + ForeignChains.MARK + " -j ACCEPT");
            }
            if (!out) {
                fix.add(add + " -o " + bridge + " -m comment --comment " + ForeignChains.MARK + " -j ACCEPT");
            }
            (in && out ? through : blocked).add(bridge);
        }
        return Optional.of(new ForeignDrop(command, chain.table(), chain.chain(), reason, through, blocked, fix));
    }

    /** An ACCEPT for exactly that interface, with no condition but perhaps a comment. */
    private static boolean accepts(Rule rule, String in, String out) {
        return rule.target().equals("ACCEPT") && rule.inInterface().equals(in) && rule.outInterface().equals(out)
                && rule.matches().stream().allMatch("comment"::equals);
    }
}

package dev.jnet.core.firewall;

import dev.jnet.core.firewall.ForeignChains.Chain;
import dev.jnet.core.firewall.ForeignChains.Direction;
import dev.jnet.core.firewall.ForeignChains.Pass;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One pass's changes to other firewalls' forward chains, as a single nft batch in libnftables' JSON (which
 * names any table or chain, even one called like an nft keyword): jnet's rules that are
 * missing where a chain drops, and jnet's (marked) rules that nothing needs any more (a chain that no
 * longer drops, a bridge that is gone, a duplicate), deleted by handle. Other rules are never in it.
 *
 * @param batch the JSON batch
 * @param changes one line per rule added or removed, for the log and the report
 */
record ForeignPlan(String batch, List<String> changes) {
    ForeignPlan {
        changes = List.copyOf(changes);
    }

    static ForeignPlan of(List<Chain> chains, Set<String> bridges) {
        ObjectNode root = ForeignChains.JSON.createObjectNode();
        ArrayNode commands = root.putArray("nftables");
        List<String> changes = new ArrayList<>();
        for (Chain chain : chains) {
            String where = "table " + chain.qualifiedTable() + " chain " + chain.name();
            Set<String> kept = new HashSet<>();
            for (Pass p : chain.passes()) {
                if (p.marked() && !(chain.drops() && bridges.contains(p.bridge()) && kept.add(p.direction() + " " + p.bridge()))) {
                    commands.addObject().putObject("delete").set("rule", chain.jsonRule().put("handle", p.handle()));
                    changes.add("removed jnet's rule '" + p.direction().rule(p.bridge()) + "' from " + where);
                }
            }
            if (!chain.drops()) {
                continue;
            }
            for (String bridge : bridges) {
                for (Direction d : Direction.values()) {
                    if (!chain.passes(bridge, d)) {
                        ObjectNode rule = chain.jsonRule();
                        // Before a last rule that drops everything (insert at its handle), else at the end.
                        chain.finalDrop().ifPresent(drop -> rule.put("handle", drop.handle()));
                        rule.set("expr", d.expr(bridge));
                        rule.put("comment", ForeignChains.MARK);
                        commands.addObject().putObject(chain.finalDrop().isPresent() ? "insert" : "add").set("rule", rule);
                        changes.add("inserted '" + d.rule(bridge) + "' into " + where + " (" + chain.reason()
                                + "), so that it lets " + bridge + "'s traffic through");
                    }
                }
            }
        }
        return new ForeignPlan(ForeignChains.JSON.writeValueAsString(root), changes);
    }

    boolean isEmpty() {
        return changes.isEmpty();
    }
}

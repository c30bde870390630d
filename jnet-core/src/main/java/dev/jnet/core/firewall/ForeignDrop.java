package dev.jnet.core.firewall;

import java.util.List;

/**
 * A chain of another firewall, at the forward hook, that drops what it does not accept, and so would drop
 * the traffic of jnet's bridges: whatever jnet's own table accepts, a drop in any base chain is final.
 *
 * @param backend {@code nftables}, or {@code iptables-legacy} for x_tables that nftables cannot see
 * @param table the table with its family, as nft names it ({@code ip filter}, {@code inet firewalld})
 * @param chain the base chain ({@code FORWARD}, {@code filter_FORWARD})
 * @param reason why it drops ({@code policy drop}, {@code its last rule rejects everything})
 * @param letThrough jnet's bridges whose traffic the chain lets through (rules for both directions are there)
 * @param blocked jnet's bridges whose traffic the chain drops
 * @param fix the commands that would let the blocked bridges through, for an administrator to run
 */
public record ForeignDrop(String backend, String table, String chain, String reason, List<String> letThrough,
                          List<String> blocked, List<String> fix) {
    public ForeignDrop {
        letThrough = List.copyOf(letThrough);
        blocked = List.copyOf(blocked);
        fix = List.copyOf(fix);
    }

    /** Whether some bridge's traffic is dropped here. */
    public boolean blocks() {
        return !blocked.isEmpty();
    }

    /** One line for a log or a report: the chain, why it drops, and what it does to jnet's bridges. */
    public String describe() {
        String where = (backend.equals("nftables") ? "table " + table : backend + " table " + table) + " chain " + chain
                + " (" + reason + ")";
        if (letThrough.isEmpty() && !blocks()) {
            return where + " drops forwarded traffic; jnet has no bridge for it to drop yet";
        }
        if (!blocks()) {
            return where + " lets jnet's bridges through (" + String.join(", ", letThrough) + ")";
        }
        return where + " drops the forwarded traffic of " + String.join(", ", blocked) + "; to let it through run: "
                + String.join("; ", fix);
    }
}

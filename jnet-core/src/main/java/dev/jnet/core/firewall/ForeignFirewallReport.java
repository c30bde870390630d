package dev.jnet.core.firewall;

import java.util.List;

/**
 * What {@link ForeignFirewall} found in other firewalls' forward chains, and what it changed there.
 *
 * @param mode whether jnet inserts its accept rules ({@code insert}) or only reports ({@code leave})
 * @param drops every foreign forward chain that drops what it does not accept, with what it does to jnet's bridges
 * @param changes the rules jnet inserted or removed in this pass (none when it only looked)
 * @param problems what could not be read or changed, and why
 */
public record ForeignFirewallReport(ForeignFirewallMode mode, List<ForeignDrop> drops, List<String> changes,
                                    List<String> problems) {
    public ForeignFirewallReport {
        drops = List.copyOf(drops);
        changes = List.copyOf(changes);
        problems = List.copyOf(problems);
    }

    /** The chains that drop some bridge's traffic. */
    public List<ForeignDrop> blocking() {
        return drops.stream().filter(ForeignDrop::blocks).toList();
    }
}

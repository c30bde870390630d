package dev.jnet.cli;

import dev.jnet.core.driver.Driver;
import dev.jnet.core.firewall.ForeignFirewall;
import dev.jnet.core.firewall.ForeignFirewallReport;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;
import dev.jnet.kernel.nft.Nftables;
import dev.jnet.kernel.rtnl.Link;
import dev.jnet.kernel.rtnl.RtNetlink;
import dev.jnet.net.IfName;

import java.util.List;

/**
 * The doctor's look at other firewalls: which forward chains of the namespace drop what they do not accept,
 * what that does to jnet's bridges (the bridges marked as jnet's networks there, or jnet0 when there is none
 * yet), and the commands that would let them through. Reads only.
 *
 * @param bridges the bridges looked at
 * @param assumed whether no jnet bridge exists and {@code bridges} is the default bridge's name
 * @param report what the chains do to those bridges
 */
record DoctorFirewall(List<String> bridges, boolean assumed, ForeignFirewallReport report) {
    static DoctorFirewall inspect(NetnsExecutor executor, NetNs ns) {
        List<IfName> found;
        try (RtNetlink rtnl = RtNetlink.open(executor, ns)) {
            found = rtnl.links().list().stream()
                    .filter(l -> l.kind().equals("bridge") && l.alias().startsWith(Driver.OWNER_MARK + "network:"))
                    .map(Link::name).toList();
        }
        List<IfName> bridges = found.isEmpty() ? List.of(IfName.of(dev.jnet.core.driver.BuiltinDrivers.DEFAULT_BRIDGE)) : found;
        try (Nftables nft = Nftables.open(executor, ns)) {
            ForeignFirewallReport report = ForeignFirewall.inspect(nft, executor, ns, bridges);
            return new DoctorFirewall(bridges.stream().map(IfName::value).toList(), found.isEmpty(), report);
        }
    }

    /** The same, for a doctor that could not look at all (no root, no libnftables). */
    static DoctorFirewall failed(JnetException e) {
        return new DoctorFirewall(List.of(), true, new ForeignFirewallReport(
                dev.jnet.core.firewall.ForeignFirewallMode.LEAVE, List.of(), List.of(),
                List.of("cannot look at other firewalls: " + e.getMessage())));
    }
}

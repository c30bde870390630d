package dev.jnet.cli;

import dev.jnet.core.firewall.ForeignDrop;
import dev.jnet.kernel.probe.Capability;
import dev.jnet.kernel.probe.CapabilityReport;
import dev.jnet.core.ipam.HostSubnets;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a capability report and the look at other firewalls as tables for people or as JSON for scripts. */
final class DoctorOutput {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DoctorOutput() {}

    static String table(CapabilityReport report) {
        int width = Math.max("FEATURE".length(),
                report.capabilities().stream().mapToInt(c -> c.name().length()).max().orElse(0));
        StringBuilder out = new StringBuilder("Kernel " + report.kernelRelease() + "\n\n");
        out.append(String.format("%-" + width + "s  %-9s  %s%n", "FEATURE", "AVAILABLE", "DETAIL"));
        for (Capability c : report.capabilities()) {
            out.append(String.format("%-" + width + "s  %-9s  %s%n", c.name(), c.available() ? "yes" : "no", c.detail()));
        }
        return out.toString();
    }

    /** What other firewalls' forward chains do to jnet's bridges, and how to let them through. */
    static String table(DoctorFirewall firewall) {
        StringBuilder out = new StringBuilder("Other firewalls' forward chains");
        if (!firewall.bridges().isEmpty()) {
            out.append(firewall.assumed() ? " (no jnet bridge here yet; shown for " + firewall.bridges().getFirst()
                    + ", jnetd's default bridge)" : " (jnet's bridges: " + String.join(", ", firewall.bridges()) + ")");
        }
        out.append(":\n");
        if (firewall.report().drops().isEmpty() && firewall.report().problems().isEmpty()) {
            out.append("  none drops forwarded traffic\n");
        }
        for (ForeignDrop d : firewall.report().drops()) {
            if (!d.blocks()) {
                out.append("  ").append(d.describe()).append('\n');
                continue;
            }
            out.append("  ").append(d.backend().equals("nftables") ? "table " + d.table() : d.backend() + " table " + d.table())
                    .append(" chain ").append(d.chain()).append(" (").append(d.reason()).append(") drops the forwarded traffic of ")
                    .append(String.join(", ", d.blocked())).append("; to let it through run:\n");
            d.fix().forEach(f -> out.append("    ").append(f).append('\n'));
        }
        firewall.report().problems().forEach(p -> out.append("  ").append(p).append('\n'));
        return out.toString();
    }

    /**
     * {@code {"kernelRelease": ..., "capabilities": [{"name", "available", "detail"}, ...],
     * "foreignFirewall": {"bridges": [...], "drops": [{"backend", "table", "chain", "reason", "letThrough",
     * "blocked", "fix"}, ...], "problems": [...]}}}
     */
    static String json(CapabilityReport report, DoctorFirewall firewall, List<HostSubnets.InUse> used) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kernelRelease", report.kernelRelease());
        out.put("capabilities", report.capabilities());
        out.put("foreignFirewall", Map.of("bridges", firewall.bridges(), "drops", firewall.report().drops(),
                "problems", firewall.report().problems()));
        out.put("hostSubnets", used.stream().map(u -> Map.of("prefix", u.prefix().toString(), "what", u.what())).toList());
        return JSON.writeValueAsString(out) + "\n";
    }

    /** The subnets the host uses, one per line, which networks created without --subnet step over. */
    static String table(List<HostSubnets.InUse> used) {
        StringBuilder out = new StringBuilder("Subnets this host uses (networks created without --subnet step over them):\n");
        if (used.isEmpty()) {
            out.append("  none\n");
        }
        used.forEach(u -> out.append("  ").append(u.what()).append('\n'));
        return out.toString();
    }
}

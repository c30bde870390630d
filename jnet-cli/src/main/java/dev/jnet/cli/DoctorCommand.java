package dev.jnet.cli;

import dev.jnet.error.JnetException;
import dev.jnet.core.controller.Controller;
import dev.jnet.core.ipam.HostSubnets;
import dev.jnet.kernel.ffi.Libc;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;
import dev.jnet.kernel.rtnl.RtNetlink;
import dev.jnet.kernel.probe.CapabilityProbe;
import dev.jnet.kernel.probe.CapabilityReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;

/** {@code jnet doctor}: which kernel features jnet can use on this machine. */
@Command(name = "doctor",
        description = {"Report which kernel features jnet can use here (needs root).",
                "Tries network namespaces, veth, bridge, vxlan, macvlan, ipvlan, 802.1q vlan, nftables, IPVS and XFRM,",
                "each inside a throwaway namespace that vanishes afterwards; nothing on the machine changes.",
                "Then names other firewalls' forward chains (Docker's FORWARD with policy drop, firewalld's final",
                "reject, legacy iptables) that drop the traffic of jnet's bridges, with the commands that would let",
                "it through (jnetd inserts them itself unless --foreign-firewall=leave), and the subnets the host uses",
                "(routes, addresses, nameservers), which networks created without --subnet step over; this only reads."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:jnet can run single-host networking here (netns, veth, bridge, nftables)",
                "1:a feature single-host networking needs is missing, the probe could not run, or not run as root"})
final class DoctorCommand implements java.util.concurrent.Callable<Integer> {
    /** What single-host networking cannot do without. */
    static final List<String> REQUIRED = List.of("netns", "veth", "bridge", "nftables");

    @CommandLine.Mixin
    HelpOption help;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", completionCandidates = Candidates.ListFormats.class,
            description = "Output format: table or json (default: ${DEFAULT-VALUE}).")
    String format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!format.equals("table") && !format.equals("json")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--format must be table or json, not '" + format + "'");
        }
        if (Libc.geteuid() != 0) {
            spec.commandLine().getErr().println("jnet doctor needs root: it tries each feature in a throwaway network"
                    + " namespace and reads the firewall; run it as root (sudo jnet doctor)");
            return ErrorHandler.FAILED;
        }
        CapabilityReport report = CapabilityProbe.run();
        DoctorFirewall firewall = firewall();
        List<HostSubnets.InUse> used = hostSubnets();
        PrintWriter out = spec.commandLine().getOut();
        out.print(format.equals("json") ? DoctorOutput.json(report, firewall, used)
                : DoctorOutput.table(report) + "\n" + DoctorOutput.table(firewall) + "\n" + DoctorOutput.table(used));
        out.flush();
        List<String> missing = REQUIRED.stream().filter(f -> !report.has(f)).toList();
        if (!missing.isEmpty()) {
            spec.commandLine().getErr().println("jnet: cannot run single-host networking here; missing: "
                    + String.join(", ", missing));
            return ErrorHandler.FAILED;
        }
        return 0;
    }

    /** What automatic subnet choice steps over on this host: on-link routes, addresses, nameservers. */
    private static List<HostSubnets.InUse> hostSubnets() {
        try (NetnsExecutor executor = new NetnsExecutor(); RtNetlink rtnl = RtNetlink.open(executor, NetNs.PROCESS)) {
            HostSubnets host = Controller.hostSubnets(rtnl, java.nio.file.Path.of("/etc/resolv.conf"));
            List<HostSubnets.InUse> used = new java.util.ArrayList<>(host.onLinkRoutes());
            used.addAll(host.addresses());
            used.addAll(host.nameservers());
            return used;
        }
    }

    private static DoctorFirewall firewall() {
        try (NetnsExecutor executor = new NetnsExecutor()) {
            return DoctorFirewall.inspect(executor, NetNs.PROCESS);
        } catch (JnetException e) {
            return DoctorFirewall.failed(e);
        }
    }

}

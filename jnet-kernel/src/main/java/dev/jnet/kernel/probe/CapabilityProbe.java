package dev.jnet.kernel.probe;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.ffi.Libc;
import dev.jnet.kernel.netlink.MessageBuilder;
import dev.jnet.kernel.netlink.Netlink;
import dev.jnet.kernel.netlink.NetlinkSocket;
import dev.jnet.kernel.netns.FreshThread;
import dev.jnet.kernel.nft.Nftables;
import dev.jnet.kernel.rtnl.LinkOptions;
import dev.jnet.kernel.rtnl.LinkSpec;
import dev.jnet.kernel.rtnl.RtNetlink;
import dev.jnet.net.IfName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds out which kernel features jnet can use by trying each one inside a throwaway namespace that
 * exists only while one platform thread lives: no file, mount or link is left behind, and the
 * machine's own namespace is never touched.
 */
public final class CapabilityProbe {
    /** The features reported, in this order. */
    public static final List<String> FEATURES = List.of("netns", "veth", "bridge", "vxlan", "macvlan", "ipvlan",
            "802.1q vlan", "nftables", "IPVS", "XFRM");

    private static final String NEEDS_NETNS = "not probed: network namespaces are unavailable";

    private CapabilityProbe() {}

    /** Probes every feature. Without root, every entry says that the probe needs root. */
    public static CapabilityReport run() {
        String release = kernelRelease();
        if (Libc.geteuid() != 0) {
            return new CapabilityReport(release, FEATURES.stream()
                    .map(f -> new Capability(f, false, "unknown: the probe needs root")).toList());
        }
        List<Capability> found;
        try {
            found = FreshThread.call("jnet-probe", CapabilityProbe::probeInFreshNamespace);
        } catch (RuntimeException e) {
            throw JnetException.internal("the kernel probe failed: " + e.getMessage(), e);
        }
        return new CapabilityReport(release, found);
    }

    /** Runs on a thread of its own; the namespace it unshares dies with the thread. */
    private static List<Capability> probeInFreshNamespace() {
        List<Capability> found = new ArrayList<>();
        try {
            Libc.unshare(Libc.CLONE_NEWNET, "create a throwaway network namespace");
            found.add(new Capability("netns", true, "created a throwaway network namespace"));
        } catch (RuntimeException e) {
            found.add(new Capability("netns", false, e.getMessage()));
            FEATURES.stream().skip(1).forEach(f -> found.add(new Capability(f, false, NEEDS_NETNS)));
            return found;
        }
        try (RtNetlink rtnl = RtNetlink.openHere("probe namespace")) {
            IfName p0 = IfName.of("probe0");
            found.add(link("veth", rtnl, new LinkSpec.Veth(p0, IfName.of("probe1"))));
            found.add(link("bridge", rtnl, new LinkSpec.Bridge(IfName.of("probebr"))));
            found.add(link("vxlan", rtnl, new LinkSpec.Vxlan(IfName.of("probevx"), 42)));
            found.add(link("macvlan", rtnl, new LinkSpec.Macvlan(IfName.of("probemv"), p0,
                    LinkSpec.MacvlanMode.BRIDGE, LinkOptions.DEFAULTS)));
            found.add(link("ipvlan", rtnl, new LinkSpec.Ipvlan(IfName.of("probeipv"), p0,
                    LinkSpec.IpvlanMode.L2, LinkOptions.DEFAULTS)));
            found.add(link("802.1q vlan", rtnl, new LinkSpec.Vlan(IfName.of("probe0.10"), p0, 10, LinkOptions.DEFAULTS)));
        }
        found.add(nftables());
        found.add(ipvs());
        found.add(xfrm());
        return found;
    }

    private static Capability link(String feature, RtNetlink rtnl, LinkSpec spec) {
        try {
            rtnl.links().create(spec);
            return new Capability(feature, true, "created a " + spec.kind() + " link");
        } catch (JnetException e) {
            String detail = e.kind() == ErrorKind.UNAVAILABLE
                    ? "this kernel lacks " + feature + " (it does not know link kind '" + spec.kind() + "')"
                    : e.getMessage();
            return new Capability(feature, false, detail);
        }
    }

    private static Capability nftables() {
        try (Nftables nft = Nftables.openHere("probe namespace")) {
            nft.apply("add table inet jnet_probe\nadd chain inet jnet_probe c { type filter hook forward priority 0; }\n"
                    + "delete table inet jnet_probe");
            return new Capability("nftables", true, "applied a table with a base chain through libnftables");
        } catch (JnetException e) {
            String detail = e.kind() == ErrorKind.UNAVAILABLE && e.getMessage().contains("libnftables")
                    ? e.getMessage() : "this kernel lacks nftables (" + e.getMessage() + ")";
            return new Capability("nftables", false, detail);
        }
    }

    /** IPVS is a generic netlink family; asking the controller for it tells whether the module is there. */
    private static Capability ipvs() {
        try (NetlinkSocket genl = NetlinkSocket.open(Netlink.NETLINK_GENERIC, "generic netlink in probe namespace")) {
            MessageBuilder request = new MessageBuilder(GENL_ID_CTRL, 0)
                    .putByte(CTRL_CMD_GETFAMILY).putByte(1).putShort(0)
                    .attrString(CTRL_ATTR_FAMILY_NAME, "IPVS");
            genl.request(request, "look up the IPVS generic netlink family");
            return new Capability("IPVS", true, "the IPVS generic netlink family is registered");
        } catch (JnetException e) {
            String why = e.kind() == ErrorKind.NOT_FOUND ? "no IPVS generic netlink family is registered" : e.getMessage();
            return new Capability("IPVS", false, "this kernel lacks IPVS (" + why + ")");
        }
    }

    private static Capability xfrm() {
        try (NetlinkSocket xfrm = NetlinkSocket.open(Netlink.NETLINK_XFRM, "xfrm netlink in probe namespace")) {
            xfrm.dump(new MessageBuilder(XFRM_MSG_GETSA, Netlink.NLM_F_DUMP), "list XFRM states");
            return new Capability("XFRM", true, "listed IPsec states over xfrm netlink");
        } catch (JnetException e) {
            return new Capability("XFRM", false, "this kernel lacks XFRM (" + e.getMessage() + ")");
        }
    }

    private static String kernelRelease() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static final int GENL_ID_CTRL = 0x10;
    private static final int CTRL_CMD_GETFAMILY = 3;
    private static final int CTRL_ATTR_FAMILY_NAME = 2;
    private static final int XFRM_MSG_GETSA = 0x12;
}

package dev.jnet.kernel.rtnl;

import dev.jnet.error.ErrorKind;
import dev.jnet.kernel.KernelException;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;
import dev.jnet.net.IpFormat;
import dev.jnet.net.MacAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bridge forwarding database entries through jnet, on a VXLAN device's own table and on a bridge port,
 * checked against {@code bridge -j fdb show}. Links stay down, so the kernel learns nothing by itself.
 */
@ExtendWith(NetnsExtension.class)
class FdbTest {
    private static final IfName VX0 = IfName.of("vx0");
    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:07");

    private static InetAddress ip(String literal) {
        return Cidr.parseAddress(literal);
    }

    private static int vxlan(ThrowawayNs ns) {
        ns.rtnl().links().create(new LinkSpec.Vxlan(VX0, 42));
        return ns.rtnl().links().indexOf(VX0);
    }

    /** The observer's entries, as "mac dev [dst] [master] state flags". */
    private static List<String> observed(ThrowawayNs ns, String... devArgs) {
        List<String> command = new ArrayList<>(List.of("bridge", "-j", "fdb", "show"));
        command.addAll(List.of(devArgs));
        List<String> out = new ArrayList<>();
        for (JsonNode e : ns.json(command.toArray(String[]::new))) {
            List<String> flags = new ArrayList<>();
            e.path("flags").forEach(f -> flags.add(f.asString()));
            out.add(e.path("mac").asString() + " " + e.path("ifname").asString(devArgs.length > 1 ? devArgs[1] : "?")
                    + (e.has("dst") ? " dst " + e.path("dst").asString() : "")
                    + (e.has("master") ? " master " + e.path("master").asString() : "")
                    + " " + e.path("state").asString() + " " + flags);
        }
        return out;
    }

    /** jnet's entries in the observer's words. */
    private static List<String> listed(ThrowawayNs ns, List<FdbEntry> entries) {
        List<String> out = new ArrayList<>();
        for (FdbEntry e : entries) {
            Link link = ns.rtnl().links().find(e.index()).orElseThrow();
            String master = e.onMaster() ? " master " + ns.rtnl().links().find(link.masterIndex()).orElseThrow().name() : "";
            String state = (e.state() & Neighbour.PERMANENT) != 0 ? "permanent"
                    : (e.state() & Neighbour.NOARP) != 0 ? "static" : "other";
            out.add(e.mac() + " " + link.name() + e.destination().map(d -> " dst " + IpFormat.format(d)).orElse("")
                    + master + " " + state + " " + (e.onMaster() ? "[]" : "[self]"));
        }
        return out;
    }

    @Test
    void appendsDefaultEntriesWithOneRemoteEachOnAVxlanDevice(ThrowawayNs ns) {
        int vx0 = vxlan(ns);
        Neighbours fdb = ns.rtnl().neighbours();
        fdb.appendFdb(FdbEntry.vxlan(vx0, FdbEntry.ANY, ip("198.51.100.1")));
        fdb.appendFdb(FdbEntry.vxlan(vx0, FdbEntry.ANY, ip("198.51.100.2")));

        assertThat(observed(ns, "dev", "vx0")).containsExactlyInAnyOrder(
                "00:00:00:00:00:00 vx0 dst 198.51.100.1 permanent [self]",
                "00:00:00:00:00:00 vx0 dst 198.51.100.2 permanent [self]");
        assertThat(listed(ns, fdb.listFdb(vx0))).containsExactlyInAnyOrderElementsOf(observed(ns, "dev", "vx0"));
        assertThat(fdb.listFdb(vx0)).containsExactlyInAnyOrder(
                FdbEntry.vxlan(vx0, FdbEntry.ANY, ip("198.51.100.1")),
                FdbEntry.vxlan(vx0, FdbEntry.ANY, ip("198.51.100.2")));
    }

    @Test
    void addsReplacesAndDeletesASpecificMacOnAVxlanDevice(ThrowawayNs ns) {
        int vx0 = vxlan(ns);
        Neighbours fdb = ns.rtnl().neighbours();
        fdb.appendFdb(FdbEntry.vxlan(vx0, FdbEntry.ANY, ip("198.51.100.1")));
        fdb.addFdb(FdbEntry.vxlan(vx0, MAC, ip("198.51.100.3")));
        assertThat(observed(ns, "dev", "vx0")).contains("02:00:00:00:00:07 vx0 dst 198.51.100.3 permanent [self]");

        assertThatThrownBy(() -> fdb.addFdb(FdbEntry.vxlan(vx0, MAC, ip("198.51.100.4"))))
                .isInstanceOfSatisfying(KernelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
                    assertThat(e.getMessage()).contains("add fdb entry 02:00:00:00:00:07 dst 198.51.100.4");
                });

        fdb.replaceFdb(FdbEntry.vxlan(vx0, MAC, ip("198.51.100.4")));
        assertThat(observed(ns, "dev", "vx0")).containsExactlyInAnyOrder(
                "00:00:00:00:00:00 vx0 dst 198.51.100.1 permanent [self]",
                "02:00:00:00:00:07 vx0 dst 198.51.100.4 permanent [self]");
        assertThat(listed(ns, fdb.listFdb(vx0))).containsExactlyInAnyOrderElementsOf(observed(ns, "dev", "vx0"));

        fdb.deleteFdb(FdbEntry.vxlan(vx0, MAC, ip("198.51.100.4")));
        assertThat(observed(ns, "dev", "vx0")).containsExactly("00:00:00:00:00:00 vx0 dst 198.51.100.1 permanent [self]");
        assertThatThrownBy(() -> fdb.deleteFdb(FdbEntry.vxlan(vx0, MAC, ip("198.51.100.4"))))
                .isInstanceOfSatisfying(KernelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
                    assertThat(e.getMessage()).contains("delete fdb entry 02:00:00:00:00:07");
                });
    }

    @Test
    void deletingOneRemoteOfTheDefaultEntryKeepsTheOthers(ThrowawayNs ns) {
        int vx0 = vxlan(ns);
        Neighbours fdb = ns.rtnl().neighbours();
        for (String remote : List.of("198.51.100.1", "198.51.100.2", "198.51.100.3")) {
            fdb.appendFdb(FdbEntry.vxlan(vx0, FdbEntry.ANY, ip(remote)));
        }
        fdb.deleteFdb(FdbEntry.vxlan(vx0, FdbEntry.ANY, ip("198.51.100.2")));

        assertThat(observed(ns, "dev", "vx0")).containsExactlyInAnyOrder(
                "00:00:00:00:00:00 vx0 dst 198.51.100.1 permanent [self]",
                "00:00:00:00:00:00 vx0 dst 198.51.100.3 permanent [self]");
        assertThat(fdb.listFdb(vx0)).extracting(e -> e.destination().orElseThrow())
                .containsExactlyInAnyOrder(ip("198.51.100.1"), ip("198.51.100.3"));
    }

    @Test
    void addsAStaticEntryNotALocalOneForABridgePort(ThrowawayNs ns) {
        Links links = ns.rtnl().links();
        links.create(new LinkSpec.Bridge(IfName.of("br0")));
        links.create(new LinkSpec.Veth(IfName.of("p0"), IfName.of("p1")));
        links.setMaster(IfName.of("p0"), IfName.of("br0"));
        int p0 = links.indexOf(IfName.of("p0"));
        Neighbours fdb = ns.rtnl().neighbours();

        fdb.addFdb(FdbEntry.bridgePort(p0, MAC));

        // "static" forwards frames for the MAC to the port; "permanent" would make it the bridge's own (local).
        assertThat(observed(ns)).contains("02:00:00:00:00:07 p0 master br0 static []");
        assertThat(fdb.listFdb(p0)).contains(FdbEntry.bridgePort(p0, MAC));
        assertThat(listed(ns, fdb.listFdb())).containsExactlyInAnyOrderElementsOf(observed(ns));

        assertThatThrownBy(() -> fdb.addFdb(FdbEntry.bridgePort(p0, MAC)))
                .isInstanceOfSatisfying(KernelException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));

        fdb.deleteFdb(FdbEntry.bridgePort(p0, MAC));
        assertThat(observed(ns)).noneMatch(l -> l.startsWith("02:00:00:00:00:07"));
        assertThat(fdb.listFdb(p0)).noneMatch(e -> e.mac().equals(MAC));
        assertThatThrownBy(() -> fdb.deleteFdb(FdbEntry.bridgePort(p0, MAC)))
                .isInstanceOfSatisfying(KernelException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    @Test
    void listFdbOfOneDeviceLeavesOtherDevicesOut(ThrowawayNs ns) {
        int vx0 = vxlan(ns);
        ns.rtnl().links().create(new LinkSpec.Vxlan(IfName.of("vx1"), 43));
        int vx1 = ns.rtnl().links().indexOf(IfName.of("vx1"));
        Neighbours fdb = ns.rtnl().neighbours();
        fdb.appendFdb(FdbEntry.vxlan(vx0, FdbEntry.ANY, ip("198.51.100.1")));
        fdb.appendFdb(FdbEntry.vxlan(vx1, FdbEntry.ANY, ip("198.51.100.2")));

        assertThat(fdb.listFdb(vx1)).containsExactly(FdbEntry.vxlan(vx1, FdbEntry.ANY, ip("198.51.100.2")));
        assertThat(observed(ns, "dev", "vx1")).containsExactly("00:00:00:00:00:00 vx1 dst 198.51.100.2 permanent [self]");
    }
}

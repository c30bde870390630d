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
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Neighbour (ARP/NDP) entries through jnet, checked against {@code ip -j neigh show}. */
@ExtendWith(NetnsExtension.class)
class NeighboursTest {
    private static final IfName A0 = IfName.of("a0");
    private static final MacAddress MAC1 = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress MAC2 = MacAddress.parse("02:00:00:00:00:02");

    private static InetAddress ip(String literal) {
        return Cidr.parseAddress(literal);
    }

    /** A veth {@code a0} that is up, with an IPv4 and an IPv6 subnet; returns its index. */
    private static int link(ThrowawayNs ns) {
        ns.rtnl().links().create(new LinkSpec.Veth(A0, IfName.of("a1")).withOptions(
                LinkOptions.DEFAULTS.withUp(true), LinkOptions.DEFAULTS.withUp(true)));
        ns.rtnl().addresses().add(A0, Cidr.parse("192.0.2.10/24"));
        ns.rtnl().addresses().add(A0, Cidr.parse("2001:db8::10/64"));
        return ns.rtnl().links().indexOf(A0);
    }

    /**
     * Whether an entry is one a test wrote: the kernel adds entries of its own (multicast, NOARP) at times
     * of its choosing, so comparisons leave those out.
     */
    private static boolean testNet(InetAddress address) {
        return Cidr.parse("192.0.2.0/24").contains(address) || Cidr.parse("2001:db8::/64").contains(address);
    }

    /** The observer's entries on a0 (all states) as "address lladdr mac STATE". */
    private static List<String> observed(ThrowawayNs ns) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : ns.json("ip", "-j", "neigh", "show", "dev", "a0", "nud", "all")) {
            List<String> states = new ArrayList<>();
            n.path("state").forEach(s -> states.add(s.asString()));
            if (testNet(Cidr.parseAddress(n.path("dst").asString()))) {
                out.add(n.path("dst").asString() + " lladdr " + n.path("lladdr").asString() + " " + String.join(",", states));
            }
        }
        return out;
    }

    /** jnet's entries on a0 in the observer's words (only the permanent state is named). */
    private static List<String> listed(ThrowawayNs ns, int index) {
        return ns.rtnl().neighbours().list().stream().filter(n -> n.index() == index && testNet(n.address()))
                .map(n -> IpFormat.format(n.address()) + " lladdr " + n.mac().map(Object::toString).orElse("")
                        + (n.isPermanent() ? " PERMANENT" : " other"))
                .toList();
    }

    @Test
    void addsPermanentIpv4AndIpv6EntriesThatTheObserverSeesAndListAgrees(ThrowawayNs ns) {
        int a0 = link(ns);
        Neighbours neighbours = ns.rtnl().neighbours();
        neighbours.add(Neighbour.permanent(a0, ip("192.0.2.20"), MAC1));
        neighbours.add(Neighbour.permanent(a0, ip("2001:db8::20"), MAC2));

        assertThat(observed(ns)).containsExactlyInAnyOrder(
                "192.0.2.20 lladdr 02:00:00:00:00:01 PERMANENT",
                "2001:db8::20 lladdr 02:00:00:00:00:02 PERMANENT");
        assertThat(listed(ns, a0)).containsExactlyInAnyOrderElementsOf(observed(ns));
        assertThat(neighbours.list()).contains(Neighbour.permanent(a0, ip("192.0.2.20"), MAC1),
                Neighbour.permanent(a0, ip("2001:db8::20"), MAC2));
    }

    @Test
    void replaceGivesAnAddressANewMacAndAddsAMissingEntry(ThrowawayNs ns) {
        int a0 = link(ns);
        Neighbours neighbours = ns.rtnl().neighbours();
        neighbours.add(Neighbour.permanent(a0, ip("192.0.2.20"), MAC1));
        neighbours.add(Neighbour.permanent(a0, ip("2001:db8::20"), MAC1));

        neighbours.replace(Neighbour.permanent(a0, ip("192.0.2.20"), MAC2));
        neighbours.replace(Neighbour.permanent(a0, ip("2001:db8::20"), MAC2));
        neighbours.replace(Neighbour.permanent(a0, ip("192.0.2.21"), MAC1));

        assertThat(observed(ns)).containsExactlyInAnyOrder(
                "192.0.2.20 lladdr 02:00:00:00:00:02 PERMANENT",
                "2001:db8::20 lladdr 02:00:00:00:00:02 PERMANENT",
                "192.0.2.21 lladdr 02:00:00:00:00:01 PERMANENT");
        assertThat(listed(ns, a0)).containsExactlyInAnyOrderElementsOf(observed(ns));
    }

    @Test
    void addingAnAddressThatHasAnEntryIsAConflict(ThrowawayNs ns) {
        int a0 = link(ns);
        Neighbours neighbours = ns.rtnl().neighbours();
        neighbours.add(Neighbour.permanent(a0, ip("192.0.2.20"), MAC1));

        assertThatThrownBy(() -> neighbours.add(Neighbour.permanent(a0, ip("192.0.2.20"), MAC2)))
                .isInstanceOfSatisfying(KernelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
                    assertThat(e.getMessage()).contains("add neighbour 192.0.2.20 lladdr 02:00:00:00:00:02");
                });
        assertThat(observed(ns)).containsExactly("192.0.2.20 lladdr 02:00:00:00:00:01 PERMANENT");
    }

    @Test
    void deletesIpv4AndIpv6EntriesAndAMissingOneIsNotFound(ThrowawayNs ns) {
        int a0 = link(ns);
        Neighbours neighbours = ns.rtnl().neighbours();
        Neighbour v4 = Neighbour.permanent(a0, ip("192.0.2.20"), MAC1);
        Neighbour v6 = Neighbour.permanent(a0, ip("2001:db8::20"), MAC2);
        neighbours.add(v4);
        neighbours.add(v6);

        neighbours.delete(v4);
        neighbours.delete(new Neighbour(a0, ip("2001:db8::20"), Optional.empty(), 0));

        assertThat(observed(ns)).isEmpty();
        assertThat(listed(ns, a0)).isEmpty();
        assertThatThrownBy(() -> neighbours.delete(v4))
                .isInstanceOfSatisfying(KernelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
                    assertThat(e.getMessage()).contains("delete neighbour 192.0.2.20");
                });
    }

    @Test
    void entriesBelongToTheirNamespace(ThrowawayNs ns, ThrowawayNs other) {
        int a0 = link(ns);
        link(other);
        ns.rtnl().neighbours().add(Neighbour.permanent(a0, ip("192.0.2.20"), MAC1));

        assertThat(observed(other)).isEmpty();
        assertThat(other.rtnl().neighbours().list()).noneMatch(n -> n.address().equals(ip("192.0.2.20")));
    }
}

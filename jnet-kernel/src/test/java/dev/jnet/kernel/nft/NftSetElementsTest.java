package dev.jnet.kernel.nft;

import dev.jnet.kernel.Errno;
import dev.jnet.kernel.KernelException;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.TestKernel;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;
import dev.jnet.net.MacAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static dev.jnet.kernel.nft.NftType.ETHER_ADDR;
import static dev.jnet.kernel.nft.NftType.IFNAME;
import static dev.jnet.kernel.nft.NftType.INET_PROTO;
import static dev.jnet.kernel.nft.NftType.INET_SERVICE;
import static dev.jnet.kernel.nft.NftType.INTEGER_128;
import static dev.jnet.kernel.nft.NftType.IPV4_ADDR;
import static dev.jnet.kernel.nft.NftType.IPV6_ADDR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Elements written by jnet's own nf_tables messages are the elements libnftables makes of the same text
 * ({@code nft -j} lists them alike), batches are atomic, and removal is idempotent.
 */
@ExtendWith(NetnsExtension.class)
class NftSetElementsTest {
    private static final List<String> BRIDGE_SETS = List.of(
            "names { type ifname; }", "macs { type ifname . ether_addr; }", "v4 { type ifname . ipv4_addr; }",
            "v6 { type ifname . ipv6_addr; }", "nd { typeof iifname . @th,64,128; }");
    private static final List<String> INET_SETS = List.of(
            "set ready { type inet_service; }",
            "set open4 { type ipv4_addr . inet_proto . inet_service; }",
            "set open6 { type ipv6_addr . inet_proto . inet_service; }",
            "map ports4 { type inet_proto . inet_service : ipv4_addr . inet_service; }",
            "map ports6 { type inet_proto . inet_service : ipv6_addr . inet_service; }",
            "map addrports4 { type ipv4_addr . inet_proto . inet_service : ipv4_addr . inet_service; }",
            "map addrports6 { type ipv6_addr . inet_proto . inet_service : ipv6_addr . inet_service; }");

    private static void makeTables(ThrowawayNs ns, String... names) {
        StringBuilder script = new StringBuilder();
        for (String t : names) {
            script.append("add table bridge ").append(t).append('\n').append("add table inet ").append(t).append('\n');
            BRIDGE_SETS.forEach(s -> script.append("add set bridge ").append(t).append(' ').append(s).append('\n'));
            INET_SETS.forEach(s -> script.append("add ").append(s.replaceFirst(" ", " inet " + t + " ")).append('\n'));
        }
        ns.nft().apply(script.toString());
    }

    private static final IfName LONGEST = IfName.of("veth0123456789a");
    private static final MacAddress MAC = MacAddress.parse("fe:42:ac:11:00:02");
    private static final Inet4Address V4 = (Inet4Address) Cidr.parseAddress("172.17.0.2");
    private static final Inet6Address V6 = (Inet6Address) Cidr.parseAddress("fd00:0:1::2");

    private static NftSet bridge(String table, String name, NftType... key) {
        return NftSet.set("bridge", table, name, key);
    }

    private static NftSet inetMap(String table, String name, List<NftType> key, List<NftType> data) {
        return NftSet.map("inet", table, name, key, data);
    }

    /** The elements as jnet writes them, typed, into table {@code t}. */
    private static NftElementBatch typed(String t) {
        NftValue port = NftValue.ifname(LONGEST);
        NftValue short1 = NftValue.ifname(IfName.of("v1"));
        NftValue tcp = NftValue.inetProto(6);
        NftValue sctp = NftValue.inetProto(132);
        return new NftElementBatch()
                .add(bridge(t, "names", IFNAME), List.of(NftElement.of(port), NftElement.of(short1)))
                .add(bridge(t, "macs", IFNAME, ETHER_ADDR), List.of(NftElement.of(port, NftValue.etherAddr(MAC))))
                .add(bridge(t, "v4", IFNAME, IPV4_ADDR), List.of(NftElement.of(short1, NftValue.ipv4Addr(V4))))
                .add(bridge(t, "v6", IFNAME, IPV6_ADDR), List.of(NftElement.of(port, NftValue.ipv6Addr(V6)),
                        NftElement.of(port, NftValue.ipv6Addr(MAC.linkLocalIpv6()))))
                .add(bridge(t, "nd", IFNAME, INTEGER_128), List.of(NftElement.of(port, NftValue.integer128(V6.getAddress()))))
                .add(NftSet.set("inet", t, "ready", INET_SERVICE), List.of(NftElement.of(NftValue.inetService(1))))
                .add(NftSet.set("inet", t, "open4", IPV4_ADDR, INET_PROTO, INET_SERVICE),
                        List.of(NftElement.of(NftValue.ipv4Addr(V4), tcp, NftValue.inetService(65535))))
                .add(NftSet.set("inet", t, "open6", IPV6_ADDR, INET_PROTO, INET_SERVICE),
                        List.of(NftElement.of(NftValue.ipv6Addr(V6), sctp, NftValue.inetService(1))))
                .add(inetMap(t, "ports4", List.of(INET_PROTO, INET_SERVICE), List.of(IPV4_ADDR, INET_SERVICE)),
                        List.of(NftElement.mapping(List.of(tcp, NftValue.inetService(8080)), List.of(NftValue.ipv4Addr(V4), NftValue.inetService(80))),
                                NftElement.mapping(List.of(NftValue.inetProto(17), NftValue.inetService(5353)), List.of(NftValue.ipv4Addr(V4), NftValue.inetService(53)))))
                .add(inetMap(t, "ports6", List.of(INET_PROTO, INET_SERVICE), List.of(IPV6_ADDR, INET_SERVICE)),
                        List.of(NftElement.mapping(List.of(tcp, NftValue.inetService(8080)), List.of(NftValue.ipv6Addr(V6), NftValue.inetService(80)))))
                .add(inetMap(t, "addrports4", List.of(IPV4_ADDR, INET_PROTO, INET_SERVICE), List.of(IPV4_ADDR, INET_SERVICE)),
                        List.of(NftElement.mapping(List.of(NftValue.ipv4Addr((Inet4Address) Cidr.parseAddress("127.0.0.1")), tcp, NftValue.inetService(443)),
                                List.of(NftValue.ipv4Addr(V4), NftValue.inetService(8443)))))
                .add(inetMap(t, "addrports6", List.of(IPV6_ADDR, INET_PROTO, INET_SERVICE), List.of(IPV6_ADDR, INET_SERVICE)),
                        List.of(NftElement.mapping(List.of(NftValue.ipv6Addr((Inet6Address) Cidr.parseAddress("::1")), tcp, NftValue.inetService(443)),
                                List.of(NftValue.ipv6Addr(V6), NftValue.inetService(8443)))));
    }

    /** The same elements in nft's syntax, written by hand. */
    private static String text(String t) {
        String b = "add element bridge " + t + " ";
        String i = "add element inet " + t + " ";
        return b + "names { \"veth0123456789a\", \"v1\" }\n"
                + b + "macs { \"veth0123456789a\" . fe:42:ac:11:00:02 }\n"
                + b + "v4 { \"v1\" . 172.17.0.2 }\n"
                + b + "v6 { \"veth0123456789a\" . fd00:0:1::2, \"veth0123456789a\" . fe80::fc42:acff:fe11:2 }\n"
                + b + "nd { \"veth0123456789a\" . 0xfd000000000100000000000000000002 }\n"
                + i + "ready { 1 }\n"
                + i + "open4 { 172.17.0.2 . tcp . 65535 }\n"
                + i + "open6 { fd00:0:1::2 . sctp . 1 }\n"
                + i + "ports4 { tcp . 8080 : 172.17.0.2 . 80, udp . 5353 : 172.17.0.2 . 53 }\n"
                + i + "ports6 { tcp . 8080 : fd00:0:1::2 . 80 }\n"
                + i + "addrports4 { 127.0.0.1 . tcp . 443 : 172.17.0.2 . 8443 }\n"
                + i + "addrports6 { ::1 . tcp . 443 : fd00:0:1::2 . 8443 }\n";
    }

    private static List<String> elements(ThrowawayNs ns, String family, String table, String set) {
        JsonNode listing = ns.json("nft", "-j", "list", family.equals("inet") && set.startsWith("ports") || set.startsWith("addrports")
                ? "map" : "set", family, table, set);
        List<String> found = new ArrayList<>();
        for (JsonNode item : listing.path("nftables")) {
            JsonNode node = item.has("set") ? item.get("set") : item.path("map");
            node.path("elem").forEach(e -> found.add(e.toString()));
        }
        return found.stream().sorted().toList();
    }

    private static List<String[]> allSets() {
        List<String[]> sets = new ArrayList<>();
        BRIDGE_SETS.forEach(s -> sets.add(new String[] {"bridge", s.split(" ")[0]}));
        INET_SETS.forEach(s -> sets.add(new String[] {"inet", s.split(" ")[1]}));
        return sets;
    }

    @Test
    void elementsWrittenOverNetlinkListAsThoseLibnftablesMakesOfTheSameText(ThrowawayNs ns) {
        makeTables(ns, "a", "b");
        ns.nft().apply(text("a"));
        try (NftSetElements elements = NftSetElements.open(TestKernel.executor(), ns.ns())) {
            elements.apply(typed("b"));
        }
        for (String[] set : allSets()) {
            List<String> byLibnftables = elements(ns, set[0], "a", set[1]);
            assertThat(byLibnftables).as("%s %s by libnftables", set[0], set[1]).isNotEmpty();
            assertThat(elements(ns, set[0], "b", set[1])).as("%s %s over netlink", set[0], set[1]).isEqualTo(byLibnftables);
        }
    }

    @Test
    void theTypedValuesWriteTheTextLibnftablesReadsAsTheSameElements(ThrowawayNs ns) {
        makeTables(ns, "a", "b");
        ns.nft().apply(text("a"));
        StringBuilder script = new StringBuilder();
        for (NftElementBatch.Change change : typed("b").changes()) {
            NftSet s = change.set();
            change.elements().forEach(e -> script.append("add element ").append(s.family()).append(' ')
                    .append(s.table()).append(' ').append(s.name()).append(" { ").append(e).append(" }\n"));
        }
        ns.nft().apply(script.toString());
        for (String[] set : allSets()) {
            assertThat(elements(ns, set[0], "b", set[1])).as("%s %s", set[0], set[1]).isEqualTo(elements(ns, set[0], "a", set[1]));
        }
    }

    @Test
    void addingTwiceIsNoErrorAndRemoveDeletesWhatIsThereAndIgnoresWhatIsNot(ThrowawayNs ns) {
        makeTables(ns, "b");
        try (NftSetElements elements = NftSetElements.open(TestKernel.executor(), ns.ns())) {
            elements.apply(typed("b"));
            elements.apply(typed("b"));
            NftSet names = bridge("b", "names", IFNAME);
            NftElement there = NftElement.of(NftValue.ifname(IfName.of("v1")));
            NftElement missing = NftElement.of(NftValue.ifname(IfName.of("gone0")));
            elements.apply(new NftElementBatch().remove(names, List.of(there, missing)));
            assertThat(elements(ns, "bridge", "b", "names")).containsExactly("\"veth0123456789a\"");

            assertThatThrownBy(() -> elements.apply(new NftElementBatch().delete(names, List.of(missing))))
                    .isInstanceOfSatisfying(KernelException.class, e -> assertThat(e.is(Errno.ENOENT)).isTrue())
                    .hasMessageContaining("delete 1 element from set names of table bridge b in ");
        }
    }

    @Test
    void aBatchTheKernelRefusesInPartChangesNothing(ThrowawayNs ns) {
        makeTables(ns, "b");
        try (NftSetElements elements = NftSetElements.open(TestKernel.executor(), ns.ns())) {
            NftElementBatch batch = typed("b").add(bridge("nosuch", "names", IFNAME),
                    List.of(NftElement.of(NftValue.ifname(IfName.of("v1")))));
            assertThatThrownBy(() -> elements.apply(batch))
                    .isInstanceOfSatisfying(KernelException.class, e -> assertThat(e.is(Errno.ENOENT)).isTrue())
                    .hasMessageContaining("add 1 element to set names of table bridge nosuch")
                    .hasMessageContaining("No such file or directory");
            for (String[] set : allSets()) {
                assertThat(elements(ns, set[0], "b", set[1])).as("%s %s", set[0], set[1]).isEmpty();
            }
        }
    }

    @Test
    void aKeyThatMapsToOtherDataIsRefused(ThrowawayNs ns) {
        makeTables(ns, "b");
        NftSet ports4 = inetMap("b", "ports4", List.of(INET_PROTO, INET_SERVICE), List.of(IPV4_ADDR, INET_SERVICE));
        List<NftValue> key = List.of(NftValue.inetProto(6), NftValue.inetService(8080));
        try (NftSetElements elements = NftSetElements.open(TestKernel.executor(), ns.ns())) {
            elements.apply(new NftElementBatch().add(ports4, List.of(NftElement.mapping(key, List.of(NftValue.ipv4Addr(V4), NftValue.inetService(80))))));
            NftElement other = NftElement.mapping(key, List.of(NftValue.ipv4Addr(V4), NftValue.inetService(81)));
            assertThatThrownBy(() -> elements.apply(new NftElementBatch().add(ports4, List.of(other))))
                    .isInstanceOfSatisfying(KernelException.class, e -> assertThat(e.is(Errno.EEXIST)).isTrue());
        }
        assertThat(elements(ns, "inet", "b", "ports4")).singleElement().asString().contains("80").doesNotContain("81");
    }

    @Test
    void thousandsOfElementsGoInOneBatchOfSeveralMessages(ThrowawayNs ns) {
        makeTables(ns, "b");
        NftSet ports6 = inetMap("b", "ports6", List.of(INET_PROTO, INET_SERVICE), List.of(IPV6_ADDR, INET_SERVICE));
        List<NftElement> many = IntStream.rangeClosed(1, 3000).mapToObj(p -> NftElement.mapping(
                List.of(NftValue.inetProto(6), NftValue.inetService(p)), List.of(NftValue.ipv6Addr(V6), NftValue.inetService(80)))).toList();
        try (NftSetElements elements = NftSetElements.open(TestKernel.executor(), ns.ns());
             NftInventory inventory = NftInventory.open(TestKernel.executor(), ns.ns())) {
            elements.apply(new NftElementBatch().add(ports6, many));
            assertThat(inventory.count("inet", "b", List.of("ports6")).orElseThrow().elements("ports6")).hasValue(3000);
            elements.apply(new NftElementBatch().remove(ports6, many));
            assertThat(inventory.count("inet", "b", List.of("ports6")).orElseThrow().elements("ports6")).hasValue(0);
        }
    }
}

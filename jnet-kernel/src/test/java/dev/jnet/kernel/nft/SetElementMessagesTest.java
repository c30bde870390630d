package dev.jnet.kernel.nft;

import dev.jnet.kernel.netlink.Attributes;
import dev.jnet.kernel.netlink.MessageBuilder;
import dev.jnet.kernel.netlink.Netlink;
import dev.jnet.kernel.netlink.NlMessage;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;
import dev.jnet.net.MacAddress;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bytes of keys, data and messages, as nft lays them out. */
class SetElementMessagesTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final NftValue PORT = NftValue.ifname(IfName.of("veth1"));
    private static final NftValue MAC = NftValue.etherAddr(MacAddress.parse("02:42:ac:11:00:02"));
    private static final NftValue V4 = NftValue.ipv4Addr((Inet4Address) Cidr.parseAddress("172.17.0.2"));
    private static final NftValue V6 = NftValue.ipv6Addr((Inet6Address) Cidr.parseAddress("fd00::2"));

    private static String hex(List<NftValue> parts) {
        return HEX.formatHex(SetElementMessages.bytes(parts));
    }

    @Test
    void aConcatenationPadsEveryPartToFourBytes() {
        assertThat(hex(List.of(PORT, MAC))).isEqualTo("7665746831" + "00".repeat(11) + "0242ac110002" + "0000");
        assertThat(hex(List.of(NftValue.inetProto(6), NftValue.inetService(8080)))).isEqualTo("06000000" + "1f900000");
        assertThat(hex(List.of(V4, NftValue.inetService(80)))).isEqualTo("ac110002" + "00500000");
        assertThat(hex(List.of(V6, NftValue.inetProto(132), NftValue.inetService(65535))))
                .isEqualTo("fd000000000000000000000000000002" + "84000000" + "ffff0000");
        assertThat(hex(List.of(PORT, NftValue.integer128(HEX.parseHex("fe80000000000000000000000000000a")))))
                .isEqualTo("7665746831" + "00".repeat(11) + "fe80000000000000000000000000000a");
    }

    @Test
    void aSingleValueIsNotPadded() {
        assertThat(hex(List.of(NftValue.inetService(1)))).isEqualTo("0001");
        assertThat(hex(List.of(PORT))).isEqualTo("7665746831" + "00".repeat(11));
        assertThat(hex(List.of(MAC))).isEqualTo("0242ac110002");
    }

    @Test
    void valuesWriteNftSyntax() {
        NftElement e = NftElement.mapping(List.of(NftValue.inetProto(6), NftValue.inetService(8080)), List.of(V4, NftValue.inetService(80)));
        assertThat(e).hasToString("tcp . 8080 : 172.17.0.2 . 80");
        assertThat(e.keyText()).isEqualTo("tcp . 8080");
        assertThat(NftElement.of(PORT, MAC)).hasToString("\"veth1\" . 02:42:ac:11:00:02");
        assertThat(NftValue.inetProto(47)).hasToString("47");
        assertThat(NftValue.integer128(HEX.parseHex("fe80000000000000000000000000000a")))
                .hasToString("0xfe80000000000000000000000000000a");
    }

    private static NlMessage parsed(MessageBuilder m) {
        return NlMessage.parseAll(m.finish(7, 0)).getFirst();
    }

    @Test
    void anAddNamesTableAndSetAndCarriesKeyAndData() {
        NftSet ports = NftSet.map("inet", "jnet", "ports4", List.of(NftType.INET_PROTO, NftType.INET_SERVICE),
                List.of(NftType.IPV4_ADDR, NftType.INET_SERVICE));
        NftElement e = NftElement.mapping(List.of(NftValue.inetProto(6), NftValue.inetService(8080)), List.of(V4, NftValue.inetService(80)));
        NlMessage m = parsed(SetElementMessages.encode(new NftElementBatch.Change(true, ports, List.of(e))).getFirst());

        assertThat(m.type()).isEqualTo((10 << 8) | 12);
        assertThat(m.flags()).isEqualTo(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE);
        assertThat(m.payload().get(0)).as("family inet").isEqualTo((byte) 1);
        Attributes a = m.attributes(NfNetlink.NFGENMSG_LENGTH);
        assertThat(a.string(1)).hasValue("jnet");
        assertThat(a.string(2)).hasValue("ports4");
        Attributes element = a.nested(3).orElseThrow().nested(1).orElseThrow();
        assertThat(element.nested(1).orElseThrow().raw(1).map(HEX::formatHex)).hasValue("060000001f900000");
        assertThat(element.nested(2).orElseThrow().raw(1).map(HEX::formatHex)).hasValue("ac11000200500000");
    }

    @Test
    void aDeleteCarriesKeysOnly() {
        NftSet pinned = NftSet.set("bridge", "jnet", "pinned_mac", NftType.IFNAME, NftType.ETHER_ADDR);
        NlMessage m = parsed(SetElementMessages.encode(new NftElementBatch.Change(false, pinned,
                List.of(NftElement.of(PORT, MAC)))).getFirst());
        assertThat(m.type()).isEqualTo((10 << 8) | 14);
        assertThat(m.flags()).isEqualTo(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK);
        assertThat(m.payload().get(0)).as("family bridge").isEqualTo((byte) 7);
        Attributes element = m.attributes(NfNetlink.NFGENMSG_LENGTH).nested(3).orElseThrow().nested(1).orElseThrow();
        assertThat(element.has(1)).isTrue();
        assertThat(element.has(2)).isFalse();
    }

    @Test
    void manyElementsAreSplitIntoMessagesOfAtMost256() {
        NftSet open = NftSet.set("inet", "jnet", "open4", NftType.IPV4_ADDR, NftType.INET_PROTO, NftType.INET_SERVICE);
        List<NftElement> elements = IntStream.range(0, 600)
                .mapToObj(p -> NftElement.of(V4, NftValue.inetProto(6), NftValue.inetService(p))).toList();
        List<MessageBuilder> messages = SetElementMessages.encode(new NftElementBatch.Change(true, open, elements));
        assertThat(messages).hasSize(3);
        assertThat(messages.getLast().finish(1, 0).remaining()).isLessThan(messages.getFirst().finish(1, 0).remaining());
    }

    @Test
    void theBatchFrameNamesNfTablesInNetworkOrder() {
        NlMessage begin = parsed(SetElementMessages.batchBegin());
        assertThat(begin.type()).isEqualTo(0x10);
        assertThat(begin.flags()).isEqualTo(Netlink.NLM_F_REQUEST);
        assertThat(HEX.formatHex(begin.payload().array(), begin.payload().arrayOffset(), begin.payload().arrayOffset() + 4))
                .isEqualTo("0000000a");
        assertThat(parsed(SetElementMessages.batchEnd()).type()).isEqualTo(0x11);
    }

    @Test
    void anElementOfOtherTypesThanItsSetIsRefused() {
        NftSet pinned = NftSet.set("bridge", "jnet", "pinned_mac", NftType.IFNAME, NftType.ETHER_ADDR);
        assertThatThrownBy(() -> new NftElementBatch().add(pinned, List.of(NftElement.of(PORT, V4))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("element \"veth1\" . 172.17.0.2 (ifname . ipv4_addr) does not fit set pinned_mac of table "
                        + "bridge jnet (ifname . ether_addr)");
        NftSet ports = NftSet.map("inet", "jnet", "ports4", List.of(NftType.INET_PROTO, NftType.INET_SERVICE),
                List.of(NftType.IPV4_ADDR, NftType.INET_SERVICE));
        assertThatThrownBy(() -> new NftElementBatch().add(ports, List.of(NftElement.of(NftValue.inetProto(6), NftValue.inetService(1)))))
                .as("a map's element without data").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NftValue.inetService(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NftSet.set("ipx", "t", "s", NftType.IFNAME)).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.jnet.kernel.rtnl;

import dev.jnet.kernel.netns.NetNs;
import dev.jnet.net.IfName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Create requests byte for byte, each written out by hand from the uapi layouts: {@code struct nlmsghdr}
 * (u32 length, u16 type, u16 flags, u32 sequence, u32 port), {@code struct ifinfomsg} (u8 family, u8 pad,
 * u16 type, s32 index, u32 flags, u32 change), then attributes ({@code struct nlattr}: u16 length without
 * padding, u16 type, 0x8000 for nested) padded to 4 bytes. Host byte order (little-endian) except where
 * noted. Values: RTM_NEWLINK 16; NLM_F_REQUEST 0x1, NLM_F_ECHO 0x8, NLM_F_EXCL 0x200, NLM_F_CREATE 0x400;
 * IFLA_IFNAME 3, IFLA_LINK 5, IFLA_LINKINFO 18, IFLA_NET_NS_FD 28; IFLA_INFO_KIND 1, IFLA_INFO_DATA 2.
 * The parent's index is 7 and the namespace's descriptor 9; sequence 1, port 0.
 */
class LinkCreateGoldenTest {
    private static final int PARENT_INDEX = 7;
    private static final int NAMESPACE_FD = 9;
    private static final NetNs SANDBOX = new NetNs("sb1", Path.of("/run/jnet/netns/sb1"));

    @BeforeEach
    void littleEndian() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the expected bytes are little-endian");
    }

    @Test
    void aBridgeModeMacvlanMadeInAnotherNamespaceCarriesItsDescriptorAndAsksForNoEcho() {
        LinkSpec spec = new LinkSpec.Macvlan(IfName.of("eth0"), IfName.of("up0"), LinkSpec.MacvlanMode.BRIDGE,
                LinkOptions.DEFAULTS).in(SANDBOX);
        String expected = ""
                + "58000000 1000 0106 01000000 00000000" // nlmsghdr: 88 bytes, RTM_NEWLINK, REQUEST|EXCL|CREATE
                + "00 00 0000 00000000 00000000 00000000" // ifinfomsg: AF_UNSPEC, index 0, flags 0, change 0
                + "0900 0300 65746830 00 000000" // IFLA_IFNAME "eth0\0" (9), 3 bytes of padding
                + "0800 0500 07000000" // IFLA_LINK: parent index 7
                + "0800 1c00 09000000" // IFLA_NET_NS_FD: descriptor 9
                + "1c00 1280" // IFLA_LINKINFO, nested, 28 bytes
                + "0c00 0100 6d6163766c616e00" // IFLA_INFO_KIND "macvlan\0" (12)
                + "0c00 0280" // IFLA_INFO_DATA, nested, 12 bytes
                + "0800 0100 04000000"; // IFLA_MACVLAN_MODE (1): MACVLAN_MODE_BRIDGE 4, u32
        assertThat(encode(spec)).isEqualTo(hex(expected));
    }

    @Test
    void anL3IpvlanWithThePrivateFlagCarriesModeAndFlagsAsU16() {
        LinkSpec spec = new LinkSpec.Ipvlan(IfName.of("ipv0"), IfName.of("up0"), LinkSpec.IpvlanMode.L3,
                LinkSpec.IpvlanFlag.PRIVATE, java.util.Optional.empty(), LinkOptions.DEFAULTS);
        String expected = ""
                + "58000000 1000 0906 01000000 00000000" // nlmsghdr: 88 bytes, RTM_NEWLINK, REQUEST|ECHO|EXCL|CREATE
                + "00 00 0000 00000000 00000000 00000000" // ifinfomsg
                + "0900 0300 69707630 00 000000" // IFLA_IFNAME "ipv0\0" (9), 3 bytes of padding
                + "0800 0500 07000000" // IFLA_LINK: parent index 7
                + "2400 1280" // IFLA_LINKINFO, nested, 36 bytes
                + "0b00 0100 6970766c616e00 00" // IFLA_INFO_KIND "ipvlan\0" (11), 1 byte of padding
                + "1400 0280" // IFLA_INFO_DATA, nested, 20 bytes
                + "0600 0100 0100 0000" // IFLA_IPVLAN_MODE (1): IPVLAN_MODE_L3 1, u16, 2 bytes of padding
                + "0600 0200 0100 0000"; // IFLA_IPVLAN_FLAGS (2): IPVLAN_F_PRIVATE 0x01, u16, padding
        assertThat(encode(spec)).isEqualTo(hex(expected));
    }

    @Test
    void aVlanCarriesItsIdAndThe8021qProtocolInNetworkOrder() {
        LinkSpec spec = new LinkSpec.Vlan(IfName.of("eth0.42"), IfName.of("eth0"), 42, LinkOptions.DEFAULTS);
        String expected = ""
                + "58000000 1000 0906 01000000 00000000" // nlmsghdr: 88 bytes, RTM_NEWLINK, REQUEST|ECHO|EXCL|CREATE
                + "00 00 0000 00000000 00000000 00000000" // ifinfomsg
                + "0c00 0300 657468302e343200" // IFLA_IFNAME "eth0.42\0" (12)
                + "0800 0500 07000000" // IFLA_LINK: parent index 7
                + "2400 1280" // IFLA_LINKINFO, nested, 36 bytes
                + "0900 0100 766c616e00 000000" // IFLA_INFO_KIND "vlan\0" (9), 3 bytes of padding
                + "1400 0280" // IFLA_INFO_DATA, nested, 20 bytes
                + "0600 0100 2a00 0000" // IFLA_VLAN_ID (1): 42, u16, padding
                + "0600 0500 8100 0000"; // IFLA_VLAN_PROTOCOL (5): ETH_P_8021Q 0x8100, big-endian u16, padding
        assertThat(encode(spec)).isEqualTo(hex(expected));
    }

    private static String encode(LinkSpec spec) {
        ByteBuffer message = LinkCodec.create(spec, parent -> PARENT_INDEX, ns -> NAMESPACE_FD).finish(1, 0);
        byte[] bytes = new byte[message.remaining()];
        message.get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String hex(String spaced) {
        return spaced.replace(" ", "");
    }
}

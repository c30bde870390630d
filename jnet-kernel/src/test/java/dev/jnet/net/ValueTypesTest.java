package dev.jnet.net;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueTypesTest {

    @Test
    void interfaceNamesUpToFifteenBytesAreAccepted() {
        assertThat(IfName.of("br-0123456789ab").value()).hasSize(15);
        assertThat(IfName.of("eth0.100").value()).isEqualTo("eth0.100");
    }

    @Test
    void aSixteenByteInterfaceNameIsRejectedWithItsLength() {
        assertThatThrownBy(() -> IfName.of("br-0123456789abc"))
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID))
                .hasMessageContaining("16 bytes").hasMessageContaining("at most 15");
    }

    @Test
    void multiByteCharactersCountAsBytes() {
        assertThatThrownBy(() -> IfName.of("ééééééééé")).hasMessageContaining("18 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "all", "default", "a/b", "a b", "a:b", "tab\tx", "nl\nx", "eth%d"})
    void reservedOrForbiddenInterfaceNamesAreInvalid(String name) {
        assertThatThrownBy(() -> IfName.of(name))
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID));
    }

    @Test
    void cidrsParseBothFamiliesAndKeepHostBits() throws Exception {
        Cidr v4 = Cidr.parse("172.18.0.2/16");
        assertThat(v4.address()).isEqualTo(InetAddress.getByName("172.18.0.2"));
        assertThat(v4.prefixLength()).isEqualTo(16);
        assertThat(v4.network().toString()).isEqualTo("172.18.0.0/16");
        assertThat(v4.contains(InetAddress.getByName("172.18.255.1"))).isTrue();
        assertThat(v4.contains(InetAddress.getByName("172.19.0.1"))).isFalse();
        assertThat(Cidr.parse("fd00::1/64").toString()).isEqualTo("fd00::1/64");
        assertThat(Cidr.parse("fd00:0:0:1::/64").network().toString()).isEqualTo("fd00:0:0:1::/64");
        assertThat(Cidr.parse("10.0.0.1").prefixLength()).isEqualTo(32);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0/24", "10.0.0.0/", "10.0.0.0/abc", "fd00::/129", "example.com/24",
            "256.1.1.1/8", " ", "10.0.0.0/-1", "fe80::1%eth0/64", "[::1]/128", "fe80::1%1"})
    void badCidrsAreInvalidAndNeverLookedUp(String text) {
        assertThatThrownBy(() -> Cidr.parse(text))
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID));
    }

    @Test
    void ipv6IsPrintedInItsShortestForm() {
        assertThat(IpFormat.format(Cidr.parseAddress("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(IpFormat.format(Cidr.parseAddress("::"))).isEqualTo("::");
        assertThat(IpFormat.format(Cidr.parseAddress("fe80::1"))).isEqualTo("fe80::1");
        assertThat(IpFormat.format(Cidr.parseAddress("1:0:2:0:3:0:4:0"))).isEqualTo("1:0:2:0:3:0:4:0");
        assertThat(IpFormat.format(Cidr.parseAddress("192.0.2.7"))).isEqualTo("192.0.2.7");
    }

    @Test
    void macAddressesParseAndPrintInLowerCase() {
        MacAddress mac = MacAddress.parse("02:42:AC:11:00:02");
        assertThat(mac.toString()).isEqualTo("02:42:ac:11:00:02");
        assertThat(mac).isEqualTo(MacAddress.of(new byte[] {2, 0x42, (byte) 0xac, 0x11, 0, 2}));
        assertThat(mac.isMulticast()).isFalse();
        assertThat(MacAddress.parse("01:00:5e:00:00:01").isMulticast()).isTrue();
    }

    @Test
    void aMacGivesTheLinkLocalAddressLinuxDerivesFromIt() {
        assertThat(IpFormat.format(MacAddress.parse("02:42:ac:11:00:02").linkLocalIpv6())).isEqualTo("fe80::42:acff:fe11:2");
        assertThat(IpFormat.format(MacAddress.parse("00:16:3e:aa:bb:cc").linkLocalIpv6())).isEqualTo("fe80::216:3eff:feaa:bbcc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"02:42:ac:11:00", "02-42-ac-11-00-02", "zz:42:ac:11:00:02", "0242ac110002"})
    void badMacAddressesAreInvalid(String text) {
        assertThatThrownBy(() -> MacAddress.parse(text))
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID));
    }

    @Test
    void prefixesOverlapWhenOneHoldsTheOthersFirstAddressAndOnlyInOneFamily() {
        assertThat(Cidr.parse("10.90.0.0/16").overlaps(Cidr.parse("10.90.7.0/24"))).isTrue();
        assertThat(Cidr.parse("10.90.7.9/24").overlaps(Cidr.parse("10.90.0.0/16"))).isTrue();
        assertThat(Cidr.parse("10.90.0.0/24").overlaps(Cidr.parse("10.90.1.0/24"))).isFalse();
        assertThat(Cidr.parse("::/0").overlaps(Cidr.parse("10.0.0.0/8"))).isFalse();
    }
}

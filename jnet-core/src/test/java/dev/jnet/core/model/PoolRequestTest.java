package dev.jnet.core.model;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PoolRequestTest {
    private static void invalid(Runnable request, String message) {
        assertThatExceptionOfType(JnetException.class).isThrownBy(request::run)
                .matches(e -> e.kind() == ErrorKind.INVALID, "INVALID").withMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.0.0.0/8 | overlaps the loopback block 127.0.0.0/8",
            "127.5.0.0/16 | overlaps the loopback block 127.0.0.0/8",
            "124.0.0.0/6 | overlaps the loopback block 127.0.0.0/8",
            "::1/128 | overlaps the loopback block ::1/128",
            "::/64 | overlaps the loopback block ::1/128",
            "224.0.0.0/4 | overlaps the multicast block 224.0.0.0/4",
            "239.1.0.0/16 | overlaps the multicast block 224.0.0.0/4",
            "ff02::/16 | overlaps the multicast block ff00::/8",
            "0.0.0.0/0 | takes in the unspecified address 0.0.0.0, which no network may use (it is the default route",
            "0.0.0.0/4 | takes in the unspecified address 0.0.0.0, which no network may use",
            "::/0 | takes in the unspecified address ::, which no network may use (it is the default route"})
    void loopbackMulticastAndUnspecifiedSubnetsAreRefused(String subnet, String message) {
        invalid(() -> PoolRequest.subnet(Cidr.parse(subnet)), "subnet " + subnet + " " + message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/8", "0.0.0.0/8", "126.0.0.0/8", "128.0.0.0/8", "223.255.255.0/24", "240.0.0.0/8",
            "fd00::/64", "2001:db8::/32", "fe00::/8"})
    void subnetsNextToTheSpecialBlocksAreFine(String subnet) {
        assertThat(PoolRequest.subnet(Cidr.parse(subnet)).subnet()).contains(Cidr.parse(subnet));
    }

    @Test
    void auxiliaryAddressesNeedAShortPrintableName() {
        Optional<Cidr> subnet = Optional.of(Cidr.parse("10.1.0.0/24"));
        var ip = Cidr.parseAddress("10.1.0.9");
        invalid(() -> new PoolRequest(subnet, Optional.empty(), Optional.empty(), Map.of("", ip)),
                "an auxiliary address needs a name");
        invalid(() -> new PoolRequest(subnet, Optional.empty(), Optional.empty(), Map.of("a\nb", ip)),
                "may not contain control characters");
        invalid(() -> new PoolRequest(subnet, Optional.empty(), Optional.empty(), Map.of("x".repeat(256), ip)),
                "name of 256 characters is too long (at most 255)");
        assertThat(new PoolRequest(subnet, Optional.empty(), Optional.empty(), Map.of("router", ip)).auxAddresses())
                .containsKey("router");
    }

    @Test
    void whatLiesOutsideTheSubnetIsRefusedWhenTheRequestIsMade() {
        Optional<Cidr> subnet = Optional.of(Cidr.parse("10.1.0.0/24"));
        invalid(() -> new PoolRequest(subnet, Optional.empty(), Optional.of(Cidr.parseAddress("10.2.0.1")), Map.of()),
                "gateway 10.2.0.1 is not inside subnet 10.1.0.0/24");
        invalid(() -> PoolRequest.subnet(Cidr.parse("10.1.0.1/24")), "invalid subnet 10.1.0.1/24: it should be 10.1.0.0/24");
    }
}

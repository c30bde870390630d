package dev.jnet.core.driver.cni;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;
import dev.jnet.net.MacAddress;
import tools.jackson.databind.JsonNode;

import java.net.InetAddress;
import java.util.Optional;

/**
 * What jnet reads from a chain's final ADD result (CNI 0.3 and later): the first IPv4 and IPv6 address of the
 * sandbox's interface, with their gateways, and the interface's MAC. Addresses that name no interface count as the sandbox
 * interface's, as the spec allows.
 */
record AddResult(Optional<Cidr> ipv4, Optional<Cidr> ipv6, Optional<InetAddress> gateway4,
                 Optional<InetAddress> gateway6, Optional<MacAddress> mac) {

    static AddResult of(JsonNode result, IfName ifName, String what) {
        int index = -1;
        JsonNode interfaces = result.path("interfaces");
        for (int i = 0; i < interfaces.size(); i++) {
            JsonNode link = interfaces.get(i);
            if (link.path("name").asString("").equals(ifName.value()) && !link.path("sandbox").asString("").isEmpty()) {
                index = i;
            }
        }
        Optional<MacAddress> mac = Optional.empty();
        if (index >= 0 && !interfaces.get(index).path("mac").asString("").isEmpty()) {
            try {
                mac = Optional.of(MacAddress.parse(interfaces.get(index).path("mac").asString()));
            } catch (RuntimeException e) {
                throw new JnetException(ErrorKind.UNAVAILABLE, what + " gave '" + interfaces.get(index).path("mac").asString()
                        + "' as the interface's MAC");
            }
        }
        Optional<Cidr> v4 = Optional.empty();
        Optional<Cidr> v6 = Optional.empty();
        Optional<InetAddress> g4 = Optional.empty();
        Optional<InetAddress> g6 = Optional.empty();
        for (JsonNode ip : result.path("ips")) {
            if (ip.has("interface") && ip.path("interface").asInt(-2) != index) {
                continue;
            }
            Cidr address = cidr(ip.path("address").asString(""), what);
            Optional<InetAddress> gateway = ip.path("gateway").asString("").isEmpty() ? Optional.empty()
                    : Optional.of(cidr(ip.path("gateway").asString(), what).address());
            if (address.isIpv4() && v4.isEmpty()) {
                v4 = Optional.of(address);
                g4 = gateway;
            } else if (!address.isIpv4() && v6.isEmpty()) {
                v6 = Optional.of(address);
                g6 = gateway;
            }
        }
        return new AddResult(v4, v6, g4, g6, mac);
    }

    private static Cidr cidr(String value, String what) {
        try {
            return Cidr.parse(value);
        } catch (RuntimeException e) {
            throw new JnetException(ErrorKind.UNAVAILABLE, what + " gave '" + value + "' as an address");
        }
    }
}

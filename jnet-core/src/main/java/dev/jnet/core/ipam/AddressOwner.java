package dev.jnet.core.ipam;

import dev.jnet.core.model.EndpointId;
import dev.jnet.net.MacAddress;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The endpoint an address is allocated for, as far as it is known before the address: its id, the names it
 * will answer to and the MAC it asked for. An IPAM that keeps a record with each address (the cluster's: the
 * address's claim is the endpoint's record for the other hosts) writes it in the same step.
 *
 * @param mac the MAC the user asked for; without one, the endpoint's is Docker's for its IPv4 address
 */
public record AddressOwner(EndpointId endpoint, List<String> names, Optional<MacAddress> mac) {
    public AddressOwner {
        names = List.copyOf(names);
    }

    /** The MAC the endpoint will have with {@code address}: the one asked for, else Docker's for an IPv4 address. */
    public Optional<MacAddress> macWith(InetAddress address) {
        return mac.or(() -> address instanceof Inet4Address v4 ? Optional.of(forIpv4(v4)) : Optional.empty());
    }

    /** Docker's MAC for an IPv4 endpoint: 02:42 and the four address bytes. */
    public static MacAddress forIpv4(Inet4Address address) {
        byte[] mac = new byte[6];
        mac[0] = 0x02;
        mac[1] = 0x42;
        System.arraycopy(address.getAddress(), 0, mac, 2, 4);
        return MacAddress.of(mac);
    }
}

package dev.jnet.core.model;

import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;

import java.net.InetAddress;
import java.util.List;

/**
 * Address blocks no network may use, because the kernel and every host give them another meaning: a
 * bridge with such a subnet would capture the host's loopback or multicast traffic, or everything.
 */
final class SpecialSubnets {
    private record Block(Cidr prefix, String what) {}

    private static final InetAddress ZERO = Cidr.parseAddress("0.0.0.0");

    private static final List<Block> BLOCKS = List.of(
            new Block(Cidr.parse("127.0.0.0/8"), "loopback"),
            new Block(Cidr.parse("224.0.0.0/4"), "multicast"),
            new Block(Cidr.parse("::1/128"), "loopback"),
            new Block(Cidr.parse("ff00::/8"), "multicast"));

    private SpecialSubnets() {}

    /** INVALID if the subnet overlaps a loopback or multicast block, or is a default route (0.0.0.0/x, x < 8; ::/0). */
    static void refuse(Cidr subnet) {
        Cidr network = subnet.network();
        if (network.isIpv4() ? network.prefixLength() < 8 && network.contains(ZERO) : network.prefixLength() == 0) {
            throw JnetException.invalid("subnet " + subnet + " takes in the unspecified address "
                    + (network.isIpv4() ? "0.0.0.0" : "::") + ", which no network may use"
                    + (network.prefixLength() == 0 ? " (it is the default route, not a subnet)" : ""));
        }
        for (Block block : BLOCKS) {
            if (network.isIpv4() == block.prefix().isIpv4()
                    && (network.contains(block.prefix().address()) || block.prefix().contains(network.address()))) {
                throw JnetException.invalid("subnet " + subnet + " overlaps the " + block.what() + " block "
                        + block.prefix() + ", which no network may use; choose a private subnet such as "
                        + (network.isIpv4() ? "10.1.0.0/24" : "fd00:1::/64"));
            }
        }
    }
}

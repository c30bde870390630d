package dev.jnet.core.driver.overlay;

import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;

import java.net.InetAddress;

/**
 * One overlay network as this host's data path needs it.
 *
 * @param key a short, unique, stable name part for the network (12 hex digits of its id): the namespace is
 *            {@code ov-KEY}
 * @param vni the VXLAN network identifier, the same on every host
 * @param gateway the bridge's address in the subnet (with the subnet's prefix length)
 * @param local this host's underlay address: the outer source of its VXLAN packets
 * @param port the cluster's VXLAN UDP port (4789)
 * @param mtu the inner MTU: the underlay's less the VXLAN overhead (50 over IPv4, 70 over IPv6)
 */
public record OverlaySpec(String key, int vni, Cidr gateway, InetAddress local, int port, int mtu) {
    /** The VXLAN device's name in the network's namespace. */
    static final IfName VXLAN = IfName.of("vxlan0");
    /** The bridge's name in the network's namespace. */
    static final IfName BRIDGE = IfName.of("br0");

    public OverlaySpec {
        if (!key.matches("[0-9a-f]{1,12}")) {
            throw JnetException.invalid("overlay network key '" + key + "' is not 1 to 12 hex digits");
        }
        if (vni < 1 || vni > 0xffffff) {
            throw JnetException.invalid("VXLAN id " + vni + " is out of range (1 to 16777215)");
        }
        if (mtu < 576 || mtu > 65_485) {
            throw JnetException.invalid("overlay MTU " + mtu + " is out of range (576 to 65485)");
        }
    }

    /** The VXLAN overhead on an underlay of {@code local}'s family: outer IP, UDP, VXLAN and inner Ethernet headers. */
    public static int overhead(InetAddress local) {
        return local instanceof java.net.Inet6Address ? 70 : 50;
    }

    /** The namespace that holds the network's bridge and VXLAN device. */
    public String namespaceName() {
        return namespaceName(key);
    }

    /** The namespace of the overlay network whose key is {@code key}. */
    static String namespaceName(String key) {
        return "ov-" + key;
    }

    /** The VXLAN device's name in the host namespace, between its creation and its move. */
    IfName vxlanInHost() {
        return IfName.of("jvx" + vni);
    }
}

package dev.jnet.kernel.rtnl;

import dev.jnet.net.MacAddress;

import java.net.InetAddress;
import java.util.Optional;

/**
 * An IPv4 ARP or IPv6 neighbour entry: which MAC answers for an address on a link.
 *
 * @param index the link's interface index
 * @param state NUD_* bits ({@link #PERMANENT}, {@link #REACHABLE}, ...)
 */
public record Neighbour(int index, InetAddress address, Optional<MacAddress> mac, int state) {
    public static final int INCOMPLETE = 0x01;
    public static final int REACHABLE = 0x02;
    public static final int STALE = 0x04;
    public static final int FAILED = 0x20;
    public static final int NOARP = 0x40;
    public static final int PERMANENT = 0x80;

    /** A static entry that never expires, as the overlay control plane writes them. */
    public static Neighbour permanent(int index, InetAddress address, MacAddress mac) {
        return new Neighbour(index, address, Optional.of(mac), PERMANENT);
    }

    public boolean isPermanent() {
        return (state & PERMANENT) != 0;
    }
}

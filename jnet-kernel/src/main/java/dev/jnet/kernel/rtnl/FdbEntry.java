package dev.jnet.kernel.rtnl;

import dev.jnet.net.MacAddress;

import java.net.InetAddress;
import java.util.Optional;

/**
 * A bridge forwarding database entry. On a VXLAN device ({@code self}) it says which remote tunnel
 * endpoint a MAC lives behind; the all-zero MAC with a destination is a default (flooding) entry.
 *
 * @param index the device the entry belongs to: a VXLAN link, or a bridge port
 * @param destination the remote VTEP address, for VXLAN entries
 * @param onMaster whether the entry lives in the master bridge's table (NTF_MASTER) rather than the
 *                 device's own (NTF_SELF)
 * @param state NUD_* bits: {@code NOARP | PERMANENT} on a VXLAN device; {@code NOARP} alone ("static") for a
 *              bridge port, because a bridge takes a {@code PERMANENT} MAC as its own ("local") and would
 *              keep frames for it instead of forwarding them to the port
 */
public record FdbEntry(int index, MacAddress mac, Optional<InetAddress> destination, boolean onMaster, int state) {
    /** The all-zero MAC: on a VXLAN device, the entry for unknown and broadcast destinations. */
    public static final MacAddress ANY = MacAddress.of(new byte[6]);

    /** A static entry in a VXLAN device's own table: {@code mac} lives behind {@code remote}. */
    public static FdbEntry vxlan(int index, MacAddress mac, InetAddress remote) {
        return new FdbEntry(index, mac, Optional.of(remote), false, Neighbour.NOARP | Neighbour.PERMANENT);
    }

    /** A static entry in the bridge's table: frames for {@code mac} go out of the port {@code index}. */
    public static FdbEntry bridgePort(int index, MacAddress mac) {
        return new FdbEntry(index, mac, Optional.empty(), true, Neighbour.NOARP);
    }
}

package dev.jnet.kernel.rtnl;

import dev.jnet.error.JnetException;
import dev.jnet.net.MacAddress;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Settings any new link can be created with, so that one request makes it ready.
 *
 * @param mtu the MTU, or empty for the kernel's default
 * @param mac the hardware address, or empty for a random one
 * @param up whether the link is brought up as it is created
 */
public record LinkOptions(OptionalInt mtu, Optional<MacAddress> mac, boolean up) {
    /** Kernel defaults, link left down. */
    public static final LinkOptions DEFAULTS = new LinkOptions(OptionalInt.empty(), Optional.empty(), false);

    public LinkOptions {
        if (mtu.isPresent() && (mtu.getAsInt() < 68 || mtu.getAsInt() > 65535)) {
            throw JnetException.invalid("MTU " + mtu.getAsInt() + " is out of range (68 to 65535)");
        }
        if (mac.isPresent() && mac.get().isMulticast()) {
            throw JnetException.invalid("MAC address " + mac.get() + " is a multicast address");
        }
    }

    public LinkOptions withMtu(int value) {
        return new LinkOptions(OptionalInt.of(value), mac, up);
    }

    public LinkOptions withMac(MacAddress value) {
        return new LinkOptions(mtu, Optional.of(value), up);
    }

    public LinkOptions withUp(boolean value) {
        return new LinkOptions(mtu, mac, value);
    }
}

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
 * @param alias the interface alias ({@code ip link set ... alias}), which jnet uses to mark what it owns
 */
public record LinkOptions(OptionalInt mtu, Optional<MacAddress> mac, boolean up, Optional<String> alias) {
    /** Kernel defaults, link left down. */
    public static final LinkOptions DEFAULTS =
            new LinkOptions(OptionalInt.empty(), Optional.empty(), false, Optional.empty());
    /** The kernel's limit for an alias (IFALIASZ less the NUL). */
    public static final int MAX_ALIAS_BYTES = 255;

    public LinkOptions {
        if (mtu.isPresent() && (mtu.getAsInt() < 68 || mtu.getAsInt() > 65535)) {
            throw JnetException.invalid("MTU " + mtu.getAsInt() + " is out of range (68 to 65535)");
        }
        if (mac.isPresent() && mac.get().isMulticast()) {
            throw JnetException.invalid("MAC address " + mac.get() + " is a multicast address");
        }
        if (mac.isPresent() && mac.get().equals(MacAddress.of(new byte[6]))) {
            throw JnetException.invalid("MAC address 00:00:00:00:00:00 cannot be given to an interface");
        }
        if (alias.isPresent() && alias.get().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_ALIAS_BYTES) {
            throw JnetException.invalid("interface alias is longer than " + MAX_ALIAS_BYTES + " bytes");
        }
    }

    public LinkOptions withMtu(int value) {
        return new LinkOptions(OptionalInt.of(value), mac, up, alias);
    }

    public LinkOptions withMac(MacAddress value) {
        return new LinkOptions(mtu, Optional.of(value), up, alias);
    }

    /** Sets the alias in a second request of the same batch (the kernel ignores it in a create). */
    public LinkOptions withAlias(String value) {
        return new LinkOptions(mtu, mac, up, Optional.of(value));
    }

    public LinkOptions withUp(boolean value) {
        return new LinkOptions(mtu, mac, value, alias);
    }
}

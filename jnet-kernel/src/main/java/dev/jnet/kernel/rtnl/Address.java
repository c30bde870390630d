package dev.jnet.kernel.rtnl;

import dev.jnet.net.Cidr;

/**
 * An address on a link.
 *
 * @param index the link's interface index
 * @param cidr the address with its prefix length
 * @param scope 0 global, 253 link, 254 host
 */
public record Address(int index, Cidr cidr, int scope) {
    public static final int SCOPE_UNIVERSE = 0;
    public static final int SCOPE_LINK = 253;
    public static final int SCOPE_HOST = 254;
}

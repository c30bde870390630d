package dev.jnet.core.ipam;

import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;

import java.util.Objects;

/**
 * A block that IPAM splits into subnets for networks created without a subnet, as an entry of Docker's
 * {@code default-address-pools}: base {@code 10.10.0.0/16} with size 24 gives {@code 10.10.0.0/24},
 * {@code 10.10.1.0/24}, and so on.
 *
 * @param base the block, host bits clear
 * @param size the prefix length of each subnet cut from it, from the base's own prefix length up to 32 or 128
 */
public record PredefinedPool(Cidr base, int size) {
    public PredefinedPool {
        Objects.requireNonNull(base, "base");
        if (!base.equals(base.network())) {
            throw JnetException.invalid("invalid default address pool base " + base + ": it should be "
                    + base.network());
        }
        int bits = IpNumbers.bits(base);
        if (size < base.prefixLength() || size > bits) {
            throw JnetException.invalid("default address pool " + base + " cannot be split into /" + size
                    + " subnets: the size must be from " + base.prefixLength() + " to " + bits);
        }
    }

    /** A pool from a base in CIDR notation ({@code "10.10.0.0/16"}) and a size ({@code 24}). */
    public static PredefinedPool of(String base, int size) {
        return new PredefinedPool(Cidr.parse(base), size);
    }

    public boolean isIpv4() {
        return base.isIpv4();
    }

    @Override
    public String toString() {
        return base + " split into /" + size;
    }
}

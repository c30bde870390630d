package dev.jnet.core.model;

import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;

/**
 * What a user asked for one subnet of a new network ({@code --subnet}, {@code --ip-range},
 * {@code --gateway}, {@code --aux-address}); everything is optional: IPAM fills in what is missing. Only a
 * request that makes sense can exist: the subnet without host bits and usable by a network (see
 * {@link SpecialSubnets}), the range, gateway and auxiliary addresses inside it, each auxiliary address
 * with a name.
 */
public record PoolRequest(Optional<Cidr> subnet, Optional<Cidr> ipRange, Optional<InetAddress> gateway,
                          Map<String, InetAddress> auxAddresses) {
    /** Let IPAM choose everything. */
    public static final PoolRequest ANY = new PoolRequest(Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
    private static final int MAX_AUX_NAME = 255;

    public PoolRequest {
        auxAddresses.keySet().forEach(PoolRequest::checkAuxName);
        auxAddresses = Map.copyOf(auxAddresses);
        if (subnet.isEmpty() && (ipRange.isPresent() || gateway.isPresent() || !auxAddresses.isEmpty())) {
            throw JnetException.invalid("ip-range, gateway and aux-address need a subnet");
        }
        if (subnet.isPresent()) {
            SpecialSubnets.refuse(subnet.get());
            // The pool's own checks: no host bits, ip-range, gateway and aux addresses inside the subnet.
            new IpamPool(subnet.get(), ipRange, gateway, auxAddresses);
        }
    }

    public static PoolRequest subnet(Cidr subnet) {
        return new PoolRequest(Optional.of(subnet), Optional.empty(), Optional.empty(), Map.of());
    }

    /** INVALID unless {@code name} can name an auxiliary address: 1 to 255 characters, none a control character. */
    public static void checkAuxName(String name) {
        if (name.isEmpty()) {
            throw JnetException.invalid("an auxiliary address needs a name (NAME=IP)");
        }
        if (name.length() > MAX_AUX_NAME) {
            throw JnetException.invalid("auxiliary address name of " + name.length() + " characters is too long (at most "
                    + MAX_AUX_NAME + ")");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw JnetException.invalid("auxiliary address names may not contain control characters");
        }
    }
}

package dev.jnet.core.model;

import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;

/**
 * What a user asked for one subnet of a new network ({@code --subnet}, {@code --ip-range},
 * {@code --gateway}, {@code --aux-address}); everything is optional: IPAM fills in what is missing.
 */
public record PoolRequest(Optional<Cidr> subnet, Optional<Cidr> ipRange, Optional<InetAddress> gateway,
                          Map<String, InetAddress> auxAddresses) {
    /** Let IPAM choose everything. */
    public static final PoolRequest ANY = new PoolRequest(Optional.empty(), Optional.empty(), Optional.empty(), Map.of());

    public PoolRequest {
        auxAddresses = Map.copyOf(auxAddresses);
        if (subnet.isEmpty() && (ipRange.isPresent() || gateway.isPresent() || !auxAddresses.isEmpty())) {
            throw JnetException.invalid("ip-range, gateway and aux-address need a subnet");
        }
    }

    public static PoolRequest subnet(Cidr subnet) {
        return new PoolRequest(Optional.of(subnet), Optional.empty(), Optional.empty(), Map.of());
    }
}

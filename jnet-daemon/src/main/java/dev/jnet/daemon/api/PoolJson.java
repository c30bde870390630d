package dev.jnet.daemon.api;

import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;

/**
 * One subnet of a network: in a {@link NetworkCreate}, what is asked for (every field optional); in a
 * {@link NetworkJson}, what is in use.
 */
record PoolJson(String subnet, String ipRange, String gateway, Map<String, String> auxAddresses) {
    PoolJson {
        auxAddresses = Fields.sorted(auxAddresses);
    }

    static PoolJson of(IpamPool pool) {
        return new PoolJson(pool.subnet().toString(), pool.ipRange().map(Object::toString).orElse(null),
                Fields.text(pool.gateway()), Fields.texts(pool.auxAddresses()));
    }

    /**
     * The request this entry makes; {@code field} names it in errors ({@code ipv4[0]}), and
     * {@code ipv4} says which family its subnet must be.
     */
    PoolRequest toRequest(String field, boolean ipv4) {
        auxAddresses.keySet().forEach(name -> Fields.parse(field + ".auxAddresses", name, n -> {
            PoolRequest.checkAuxName(n);
            return n;
        }));
        Optional<Cidr> cidr = Fields.cidr(field + ".subnet", subnet);
        if (cidr.isPresent() && cidr.get().isIpv4() != ipv4) {
            throw JnetException.invalid(field + ".subnet: " + cidr.get() + " is not an " + (ipv4 ? "IPv4" : "IPv6")
                    + " subnet; it belongs in " + (ipv4 ? "ipv6" : "ipv4"));
        }
        Optional<Cidr> range = Fields.cidr(field + ".ipRange", ipRange);
        Optional<InetAddress> gw = Fields.address(field + ".gateway", gateway);
        Map<String, InetAddress> aux = Fields.addresses(field + ".auxAddresses", auxAddresses);
        try {
            return new PoolRequest(cidr, range, gw, aux);
        } catch (JnetException e) {
            throw JnetException.invalid(field + ": " + e.getMessage());
        }
    }
}

package dev.jnet.daemon.api;

import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.PoolRequest;

import java.util.Map;

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

    /** The request this entry makes; {@code field} names it in errors ({@code ipv4[0]}). */
    PoolRequest toRequest(String field) {
        return new PoolRequest(Fields.cidr(field + ".subnet", subnet), Fields.cidr(field + ".ipRange", ipRange),
                Fields.address(field + ".gateway", gateway), Fields.addresses(field + ".auxAddresses", auxAddresses));
    }
}

package dev.jnet.daemon.api.docker;

import dev.jnet.error.JnetException;

import java.util.List;

/** Docker's {@code EndpointIPAMConfig}: the static addresses asked for on connect (no link-local ones in jnet). */
record EndpointIpamConfig(String IPv4Address, String IPv6Address, List<String> LinkLocalIPs) {
    static final EndpointIpamConfig NONE = new EndpointIpamConfig(null, null, null);

    /** INVALID for what jnet does not implement: link-local addresses. */
    EndpointIpamConfig checked() {
        if (LinkLocalIPs != null && !LinkLocalIPs.isEmpty()) {
            throw JnetException.invalid("EndpointConfig.IPAMConfig.LinkLocalIPs: jnet does not implement link-local"
                    + " addresses (--link-local-ip)");
        }
        return this;
    }
}

package dev.jnet.daemon.api.docker;

import dev.jnet.core.model.IpamSpec;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.error.JnetException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Docker's {@code IPAM}: in a create request what is asked for, in an answer what is in use. The driver is
 * jnet's own ({@code default}, which takes no options) or a Docker IPAM plugin's name.
 */
record IpamJson(String Driver, Map<String, String> Options, List<IpamConfig> Config) {
    static IpamJson of(Network network) {
        return new IpamJson(network.ipam().driver(), new java.util.TreeMap<>(network.ipam().options()),
                network.pools().stream().map(IpamConfig::of).toList());
    }

    /** The IPAM driver asked for with its options; INVALID naming the field for what jnet's own cannot take. */
    IpamSpec driver() {
        try {
            return new IpamSpec(Driver, Options == null ? Map.of() : Options);
        } catch (JnetException e) {
            throw JnetException.invalid("IPAM: " + e.getMessage());
        }
    }

    /** The pools asked for, by family. */
    Requested requests() {
        List<PoolRequest> ipv4 = new ArrayList<>();
        List<PoolRequest> ipv6 = new ArrayList<>();
        List<IpamConfig> configs = Config == null ? List.of() : Config;
        for (int i = 0; i < configs.size(); i++) {
            PoolRequest request = configs.get(i).toRequest("IPAM.Config[" + i + "]");
            (request.subnet().map(s -> !s.isIpv4()).orElse(false) ? ipv6 : ipv4).add(request);
        }
        return new Requested(ipv4, ipv6);
    }

    /** The subnets asked for, by family (an entry without a subnet asks for an IPv4 one). */
    record Requested(List<PoolRequest> ipv4, List<PoolRequest> ipv6) {}
}

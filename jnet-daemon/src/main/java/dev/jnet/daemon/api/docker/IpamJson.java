package dev.jnet.daemon.api.docker;

import dev.jnet.core.model.Network;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.error.JnetException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Docker's {@code IPAM}: in a create request what is asked for, in an answer what is in use. jnet has one
 * IPAM driver, Docker's {@code default}, which takes no options.
 */
record IpamJson(String Driver, Map<String, String> Options, List<IpamConfig> Config) {
    static final String DEFAULT_DRIVER = "default";

    static IpamJson of(Network network) {
        return new IpamJson(DEFAULT_DRIVER, Map.of(), network.pools().stream().map(IpamConfig::of).toList());
    }

    /** The pools asked for, by family; INVALID for an IPAM driver or option jnet does not have. */
    Requested requests() {
        if (Driver != null && !Driver.isEmpty() && !Driver.equals(DEFAULT_DRIVER)) {
            throw JnetException.invalid("IPAM.Driver: jnet has only the default IPAM driver; IPAM driver '" + Driver
                    + "' is not implemented");
        }
        if (Options != null && !Options.isEmpty()) {
            throw JnetException.invalid("IPAM.Options: jnet's default IPAM driver takes no options, got "
                    + String.join(", ", Options.keySet().stream().sorted().toList()));
        }
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

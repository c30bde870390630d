package dev.jnet.daemon.api.docker;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;
import dev.jnet.net.IpFormat;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Docker's {@code IPAMConfig}: one subnet, with what Docker leaves out when it is not set left out. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record IpamConfig(String Subnet, String IPRange, String Gateway, Map<String, String> AuxiliaryAddresses) {
    /**
     * A pool as Docker shows it: what the user gave for a user subnet (no gateway unless given), the subnet
     * and gateway for one IPAM chose.
     */
    static IpamConfig of(IpamPool pool) {
        Map<String, String> aux = new LinkedHashMap<>();
        pool.auxAddresses().forEach((name, address) -> aux.put(name, IpFormat.format(address)));
        boolean showGateway = !pool.userSubnet() || pool.userGateway();
        return new IpamConfig(pool.subnet().toString(), pool.ipRange().map(Cidr::toString).orElse(null),
                showGateway ? pool.gateway().map(IpFormat::format).orElse(null) : null, aux);
    }

    /** What this entry asks for; {@code field} names it in errors ({@code IPAM.Config[0]}). */
    PoolRequest toRequest(String field) {
        Map<String, InetAddress> aux = auxAddresses(field + ".AuxiliaryAddresses");
        Optional<Cidr> subnet = parse(field + ".Subnet", Subnet, Cidr::parse);
        Optional<Cidr> range = parse(field + ".IPRange", IPRange, Cidr::parse);
        Optional<InetAddress> gateway = parse(field + ".Gateway", Gateway, Cidr::parseAddress);
        try {
            return new PoolRequest(subnet, range, gateway, aux);
        } catch (JnetException e) {
            throw JnetException.invalid(field + ": " + e.getMessage());
        }
    }

    /** Each name checked before its address, so that an error may quote the name. */
    private Map<String, InetAddress> auxAddresses(String field) {
        Map<String, InetAddress> aux = new LinkedHashMap<>();
        if (AuxiliaryAddresses == null) {
            return aux;
        }
        AuxiliaryAddresses.forEach((name, text) -> {
            try {
                PoolRequest.checkAuxName(name);
            } catch (JnetException e) {
                throw JnetException.invalid(field + ": " + e.getMessage());
            }
            String entry = field + "[\"" + name + "\"]";
            aux.put(name, parse(entry, text, Cidr::parseAddress).orElseThrow(() ->
                    JnetException.invalid(entry + ": the address must not be empty")));
        });
        return aux;
    }

    /** {@code text} parsed, empty when absent or empty (Go's zero value); INVALID naming {@code field}. */
    static <T> Optional<T> parse(String field, String text, Function<String, T> parser) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(text));
        } catch (JnetException e) {
            throw JnetException.invalid(field + ": " + e.getMessage());
        }
    }
}

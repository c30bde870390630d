package dev.jnet.core.model;

import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;
import dev.jnet.net.IpFormat;

import java.net.InetAddress;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One subnet of a network as it is in use: the subnet, the range dynamic addresses come from, the
 * gateway and the reserved (auxiliary) addresses.
 *
 * @param subnet the subnet, host bits clear
 * @param ipRange where dynamic endpoint addresses come from, inside the subnet; empty for all of it
 * @param gateway the gateway address, inside the subnet, if the network has one
 * @param auxAddresses reserved addresses by name, inside the subnet, never handed to endpoints
 * @param userSubnet whether the user gave the subnet (Docker allows static addresses only then)
 * @param userGateway whether the user gave the gateway (Docker shows a user subnet's gateway only then)
 * @param poolId the pool's name for the IPAM plugin that gave it (its {@code PoolID}); empty for jnet's own IPAM
 */
public record IpamPool(Cidr subnet, Optional<Cidr> ipRange, Optional<InetAddress> gateway,
                       Map<String, InetAddress> auxAddresses, boolean userSubnet, boolean userGateway,
                       Optional<String> poolId) {
    /** A pool whose subnet and gateway IPAM chose. */
    public IpamPool(Cidr subnet, Optional<Cidr> ipRange, Optional<InetAddress> gateway, Map<String, InetAddress> auxAddresses) {
        this(subnet, ipRange, gateway, auxAddresses, false, false, Optional.empty());
    }

    /** A pool of jnet's own IPAM, saying which parts the user gave. */
    public IpamPool(Cidr subnet, Optional<Cidr> ipRange, Optional<InetAddress> gateway, Map<String, InetAddress> auxAddresses,
                    boolean userSubnet, boolean userGateway) {
        this(subnet, ipRange, gateway, auxAddresses, userSubnet, userGateway, Optional.empty());
    }

    /** The same pool, saying which parts the user gave. */
    public IpamPool given(boolean subnetGiven, boolean gatewayGiven) {
        return new IpamPool(subnet, ipRange, gateway, auxAddresses, subnetGiven, gatewayGiven, poolId);
    }

    /** The same pool, named {@code id} by the IPAM plugin that gave it. */
    public IpamPool withPoolId(String id) {
        return new IpamPool(subnet, ipRange, gateway, auxAddresses, userSubnet, userGateway, Optional.of(id));
    }

    public IpamPool {
        if (!subnet.equals(subnet.network())) {
            throw JnetException.invalid("invalid subnet " + subnet + ": it should be " + subnet.network());
        }
        ipRange.ifPresent(range -> {
            if (!range.equals(range.network())) {
                throw JnetException.invalid("invalid ip-range " + range + ": it should be " + range.network());
            }
            if (range.prefixLength() < subnet.prefixLength() || !subnet.contains(range.address())) {
                throw JnetException.invalid("ip-range " + range + " is not inside subnet " + subnet);
            }
        });
        gateway.ifPresent(gw -> inside(subnet, gw, "gateway"));
        auxAddresses = Collections.unmodifiableMap(new TreeMap<>(auxAddresses));
        auxAddresses.forEach((name, address) -> inside(subnet, address, "auxiliary address " + name));
    }

    private static void inside(Cidr subnet, InetAddress address, String what) {
        if (!subnet.contains(address)) {
            throw JnetException.invalid(what + " " + IpFormat.format(address) + " is not inside subnet " + subnet);
        }
    }

    public boolean isIpv4() {
        return subnet.isIpv4();
    }

    /** The gateway with the subnet's prefix length, as an interface address ({@code 172.18.0.1/16}). */
    public Optional<Cidr> gatewayCidr() {
        return gateway.map(gw -> new Cidr(gw, subnet.prefixLength()));
    }
}

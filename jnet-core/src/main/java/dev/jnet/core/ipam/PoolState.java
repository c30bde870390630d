package dev.jnet.core.ipam;

import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.NetworkId;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;
import dev.jnet.net.IpFormat;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The allocations inside one subnet: which addresses are taken, and which of them belong to the subnet
 * itself (network, broadcast or anycast address, gateway, auxiliary addresses) rather than to an endpoint.
 */
final class PoolState {
    private final NetworkId owner;
    private final Cidr subnet;
    private final Optional<Cidr> ipRange;
    private final BigInteger first;
    private final BigInteger last;
    private final BigInteger rangeFirst;
    private final BigInteger rangeLast;
    private final AddressSet taken = new AddressSet();
    /** What each address that endpoints may never have is, as an error message names it. */
    private final Map<BigInteger, String> reserved = new HashMap<>();
    private Optional<InetAddress> gateway = Optional.empty();
    private final Map<String, InetAddress> auxAddresses = new HashMap<>();

    PoolState(NetworkId owner, Cidr subnet, Optional<Cidr> ipRange) {
        this.owner = owner;
        this.subnet = subnet;
        this.ipRange = ipRange;
        first = IpNumbers.first(subnet);
        last = IpNumbers.last(subnet);
        rangeFirst = ipRange.map(IpNumbers::first).orElse(first);
        rangeLast = ipRange.map(IpNumbers::last).orElse(last);
        int hostBits = IpNumbers.bits(subnet) - subnet.prefixLength();
        // RFC 3021: a /31 (and a /32) has no network or broadcast address. RFC 6164 says the same of the
        // subnet-router anycast address on a /127; a /128 holds a single address.
        if (subnet.isIpv4() && hostBits > 1) {
            reserve(first, "the network address");
            reserve(last, "the broadcast address");
        } else if (!subnet.isIpv4() && hostBits > 1) {
            reserve(first, "the subnet-router anycast address");
        }
    }

    NetworkId owner() {
        return owner;
    }

    Cidr subnet() {
        return subnet;
    }

    BigInteger first() {
        return first;
    }

    BigInteger last() {
        return last;
    }

    /** The pool as it is now, to be stored with the network. */
    IpamPool pool() {
        return new IpamPool(subnet, ipRange, gateway, auxAddresses);
    }

    /** Reserves the gateway; INVALID if the address already belongs to the subnet. */
    void reserveGateway(InetAddress address) {
        reserve(address, "gateway");
        gateway = Optional.of(address);
    }

    /** Reserves the lowest free address of the subnet as the gateway. */
    InetAddress reserveFirstFreeAsGateway() {
        BigInteger free = taken.lowestFree(first, last).orElseThrow(() -> JnetException.conflict(
                "no free address left for the gateway of subnet " + subnet));
        InetAddress address = IpNumbers.address(free, subnet.isIpv4());
        reserveGateway(address);
        return address;
    }

    void reserveAux(String name, InetAddress address) {
        reserve(address, "auxiliary address " + name);
        auxAddresses.put(name, address);
    }

    private void reserve(InetAddress address, String what) {
        BigInteger number = IpNumbers.of(address);
        String existing = reserved.get(number);
        if (existing != null) {
            throw JnetException.invalid(what + " " + IpFormat.format(address) + " is " + existing
                    + " of subnet " + subnet);
        }
        reserve(number, what.startsWith("the ") ? what : "the " + what);
    }

    private void reserve(BigInteger number, String what) {
        reserved.put(number, what);
        taken.add(number);
    }

    /** The preferred address (anywhere in the subnet), else the lowest free one of the ip-range. */
    InetAddress allocate(Optional<InetAddress> preferred) {
        if (preferred.isPresent()) {
            InetAddress address = preferred.get();
            if (!subnet.contains(address)) {
                throw JnetException.invalid("address " + IpFormat.format(address) + " is not inside subnet "
                        + subnet + " of network " + owner.shortId());
            }
            BigInteger number = IpNumbers.of(address);
            if (!taken.add(number)) {
                String why = reserved.get(number);
                throw JnetException.conflict("address " + IpFormat.format(address) + " is already in use on network "
                        + owner.shortId() + (why == null ? "" : ": it is " + why + " of subnet " + subnet));
            }
            return address;
        }
        BigInteger free = taken.lowestFree(rangeFirst, rangeLast).orElseThrow(() -> JnetException.conflict(
                "no available " + (subnet.isIpv4() ? "IPv4" : "IPv6") + " addresses on network " + owner.shortId()
                        + " (subnet " + subnet + ipRange.map(range -> ", ip-range " + range).orElse("") + ")"));
        taken.add(free);
        return IpNumbers.address(free, subnet.isIpv4());
    }

    /** Frees an endpoint's address; the subnet's own addresses stay until the pool goes. */
    void release(InetAddress address) {
        BigInteger number = IpNumbers.of(address);
        if (subnet.contains(address) && !reserved.containsKey(number)) {
            taken.remove(number);
        }
    }

    /** Takes a stored endpoint's address back; false if something else holds it. */
    boolean restoreEndpointAddress(InetAddress address) {
        return taken.add(IpNumbers.of(address));
    }

    /** What holds an address that {@link #restoreEndpointAddress} could not take. */
    String holderOf(InetAddress address) {
        return reserved.getOrDefault(IpNumbers.of(address), "the address of another endpoint");
    }
}

package dev.jnet.core.ipam;

import dev.jnet.net.Cidr;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The subnets in use, per family, sorted by first address. They never overlap, so the one that could
 * overlap a prefix is always the last one starting at or before the prefix's end: an O(log n) look-up.
 */
final class Subnets {
    private final TreeMap<BigInteger, PoolState> ipv4 = new TreeMap<>();
    private final TreeMap<BigInteger, PoolState> ipv6 = new TreeMap<>();

    private TreeMap<BigInteger, PoolState> family(boolean isIpv4) {
        return isIpv4 ? ipv4 : ipv6;
    }

    /** The pool whose subnet is exactly this one. */
    Optional<PoolState> find(Cidr subnet) {
        return Optional.ofNullable(family(subnet.isIpv4()).get(IpNumbers.first(subnet)))
                .filter(pool -> pool.subnet().equals(subnet));
    }

    /** A subnet in use that shares an address with this prefix. */
    Optional<PoolState> overlapping(Cidr prefix) {
        return overlapping(IpNumbers.first(prefix), IpNumbers.last(prefix), prefix.isIpv4());
    }

    private Optional<PoolState> overlapping(BigInteger first, BigInteger last, boolean isIpv4) {
        Map.Entry<BigInteger, PoolState> candidate = family(isIpv4).floorEntry(last);
        return candidate != null && candidate.getValue().last().compareTo(first) >= 0
                ? Optional.of(candidate.getValue()) : Optional.empty();
    }

    /** Adds a pool whose subnet the caller has checked overlaps none in use. */
    void add(PoolState pool) {
        family(pool.subnet().isIpv4()).put(pool.first(), pool);
    }

    void remove(PoolState pool) {
        family(pool.subnet().isIpv4()).remove(pool.first(), pool);
    }

    /**
     * The first subnet, in walk order, that overlaps none in use. Each subnet in use is stepped over at
     * most once, so this costs O(n log n) even for a pool split into millions of subnets.
     */
    Optional<Cidr> firstFree(List<PredefinedPool> walkOrder) {
        for (PredefinedPool pool : walkOrder) {
            boolean isIpv4 = pool.isIpv4();
            BigInteger step = BigInteger.ONE.shiftLeft(IpNumbers.bits(pool.base()) - pool.size());
            BigInteger end = IpNumbers.last(pool.base());
            BigInteger candidate = IpNumbers.first(pool.base());
            while (candidate.add(step).subtract(BigInteger.ONE).compareTo(end) <= 0) {
                BigInteger candidateLast = candidate.add(step).subtract(BigInteger.ONE);
                Optional<PoolState> used = overlapping(candidate, candidateLast, isIpv4);
                if (used.isEmpty()) {
                    return Optional.of(IpNumbers.cidr(candidate, pool.size(), isIpv4));
                }
                // Past both: a bigger subnet in use ends on a boundary of 'step', as does the candidate.
                candidate = candidateLast.max(used.get().last()).add(BigInteger.ONE);
            }
        }
        return Optional.empty();
    }
}

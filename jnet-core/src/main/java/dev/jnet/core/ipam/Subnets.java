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
     * The first subnet, in walk order, that overlaps none in use and none of {@code avoided} (prefixes of
     * the walk's family). Each subnet in use and each avoided prefix is stepped over at most once, so for n
     * subnets in use and h avoided prefixes (a host has a few) this costs O((n + h) (log n + h)), even for a
     * pool split into millions of subnets.
     */
    Optional<Cidr> firstFree(List<PredefinedPool> walkOrder, List<Cidr> avoided) {
        for (PredefinedPool pool : walkOrder) {
            boolean isIpv4 = pool.isIpv4();
            BigInteger step = BigInteger.ONE.shiftLeft(IpNumbers.bits(pool.base()) - pool.size());
            BigInteger end = IpNumbers.last(pool.base());
            BigInteger candidate = IpNumbers.first(pool.base());
            while (candidate.add(step).subtract(BigInteger.ONE).compareTo(end) <= 0) {
                Optional<BigInteger> blockedUntil = blockedUntil(candidate, candidate.add(step).subtract(BigInteger.ONE),
                        isIpv4, avoided);
                if (blockedUntil.isEmpty()) {
                    return Optional.of(IpNumbers.cidr(candidate, pool.size(), isIpv4));
                }
                // Past both: a bigger prefix ends on a boundary of 'step', as does the candidate.
                candidate = candidate.add(step).subtract(BigInteger.ONE).max(blockedUntil.get()).add(BigInteger.ONE);
            }
        }
        return Optional.empty();
    }

    /** The last address of what overlaps {@code first..last}: a subnet in use, else avoided prefixes. */
    private Optional<BigInteger> blockedUntil(BigInteger first, BigInteger last, boolean isIpv4, List<Cidr> avoided) {
        Optional<PoolState> used = overlapping(first, last, isIpv4);
        if (used.isPresent()) {
            return Optional.of(used.get().last());
        }
        return avoided.stream()
                .filter(prefix -> IpNumbers.first(prefix).compareTo(last) <= 0 && IpNumbers.last(prefix).compareTo(first) >= 0)
                .map(IpNumbers::last).max(BigInteger::compareTo);
    }
}

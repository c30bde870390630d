package dev.jnet.core.ipam;

import dev.jnet.net.Cidr;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Docker's predefined pools and the rules that turn a configured list into the order IPAM walks. */
final class DefaultPools {
    /** Docker's local-scope defaults ({@code ipamutils.localScopeDefaultNetworks}), in its order. */
    static final List<PredefinedPool> IPV4 = List.of(
            PredefinedPool.of("172.17.0.0/16", 16),
            PredefinedPool.of("172.18.0.0/16", 16),
            PredefinedPool.of("172.19.0.0/16", 16),
            PredefinedPool.of("172.20.0.0/14", 16),
            PredefinedPool.of("172.24.0.0/14", 16),
            PredefinedPool.of("172.28.0.0/14", 16),
            PredefinedPool.of("192.168.0.0/16", 20));

    private DefaultPools() {}

    /**
     * The configured pools, or Docker's IPv4 defaults when none are configured, plus a ULA pool for this
     * host when none of them is IPv6 (as dockerd does).
     */
    static List<PredefinedPool> effective(List<PredefinedPool> configured, String hostId) {
        List<PredefinedPool> pools = new ArrayList<>(configured.isEmpty() ? IPV4 : configured);
        if (pools.stream().allMatch(PredefinedPool::isIpv4)) {
            pools.add(uniqueLocal(hostId));
        }
        return List.copyOf(pools);
    }

    /**
     * Docker's {@code deriveULABaseNetwork}: {@code fd00::/8} followed by the 40 low bits of the first 64
     * bits of sha256(hostId), that is bytes 3 to 7 of the digest, as a /48 split into /64s.
     */
    static PredefinedPool uniqueLocal(String hostId) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(hostId.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        byte[] raw = new byte[16];
        raw[0] = (byte) 0xfd;
        System.arraycopy(digest, 3, raw, 1, 5);
        InetAddress base = IpNumbers.address(new BigInteger(1, raw), false);
        return new PredefinedPool(new Cidr(base, 48), 64);
    }

    /**
     * The pools of one family in the order auto-allocation walks them: by base address, and without pools
     * that lie inside an earlier one (Docker drops those too, or a pool fully used through its bigger
     * neighbour would be split again).
     */
    static List<PredefinedPool> walkOrder(List<PredefinedPool> pools, boolean ipv4) {
        List<PredefinedPool> sorted = pools.stream()
                .filter(pool -> pool.isIpv4() == ipv4)
                .sorted(Comparator.comparing((PredefinedPool pool) -> IpNumbers.first(pool.base()))
                        .thenComparingInt(pool -> pool.base().prefixLength()))
                .toList();
        List<PredefinedPool> kept = new ArrayList<>();
        for (PredefinedPool pool : sorted) {
            if (kept.isEmpty() || IpNumbers.last(kept.getLast().base()).compareTo(IpNumbers.first(pool.base())) < 0) {
                kept.add(pool);
            }
        }
        return List.copyOf(kept);
    }
}

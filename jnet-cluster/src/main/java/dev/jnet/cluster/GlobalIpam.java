package dev.jnet.cluster;

import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SequencedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The cluster's one IPAM for global networks, in the store: subnets that never overlap (chosen under an
 * optimistic lock, as a choice depends on all of them), VXLAN ids from 4096 (Docker's first) and endpoint
 * addresses, each a create-if-absent claim. Every host allocates through it, so no subnet, VNI or address is
 * handed out twice, also when hosts allocate at once. IPv4 for now.
 */
public final class GlobalIpam {
    /** Where automatic subnets come from: Docker swarm's default address pool, in /24s. */
    public static final Cidr DEFAULT_POOL = Cidr.parse("10.0.0.0/8");
    public static final int DEFAULT_SIZE = 24;
    public static final int FIRST_VNI = 4096;
    /**
     * How long a freed VXLAN id is not handed out again (unless asked for by number): a host cut off from the
     * store when the network was removed still has it, and must not carry a new network's packets into the old
     * one's containers meanwhile.
     */
    static final Duration VNI_COOLING = Duration.ofMinutes(10);
    private static final int ATTEMPTS = 50;

    private final ClusterStore store;
    private final Duration vniCooling;
    /**
     * Per network, the addresses this host last knew taken (its listing, its own claims): a hint, so that an
     * allocation mostly takes one claim instead of a listing and a claim. A wrong hint costs only a listing:
     * a claim of an address another host holds fails, and the allocation lists again.
     */
    private final Map<String, Set<Long>> taken = new ConcurrentHashMap<>();
    /** The address claims this process won and still holds, key to holder: a release needs no read first. */
    private final Map<String, String> held = new ConcurrentHashMap<>();
    /** Reservations this process holds that the next claim of their address may take over: key to holder. */
    private final Map<String, String> handedOver = new ConcurrentHashMap<>();

    public GlobalIpam(ClusterStore store) {
        this(store, VNI_COOLING);
    }

    GlobalIpam(ClusterStore store, Duration vniCooling) {
        this.store = store;
        this.vniCooling = vniCooling;
    }

    /**
     * A subnet for global network {@code networkId}: {@code requested} if it overlaps no global network's
     * (CONFLICT naming the other), else the first /24 of the default pool that overlaps none and that
     * {@code avoid} does not refuse (a subnet this host uses locally, say).
     */
    public Cidr allocateSubnet(String networkId, Optional<Cidr> requested, Predicate<Cidr> avoid) {
        requested.ifPresent(GlobalIpam::requireIpv4);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            long guard = store.version(Keys.SUBNETS_GUARD);
            Map<Cidr, String> taken = subnets();
            Cidr chosen = requested.map(r -> checked(r.network(), networkId, taken)).orElseGet(() -> firstFree(taken, avoid));
            if (networkId.equals(taken.get(chosen))) {
                return chosen; // ours already (a retried request)
            }
            SequencedMap<String, String> put = new LinkedHashMap<>();
            put.put(Keys.subnet(chosen), networkId);
            if (store.putAllIf(Keys.SUBNETS_GUARD, guard, put)) {
                return chosen;
            }
        }
        throw JnetException.unavailable("cluster store: no subnet could be chosen for network " + networkId
                + " in " + ATTEMPTS + " attempts: other hosts kept creating networks; try again");
    }

    private Map<Cidr, String> subnets() {
        Map<Cidr, String> taken = new LinkedHashMap<>();
        store.list(Keys.SUBNETS).entries().forEach((key, network) -> {
            String text = key.substring(Keys.SUBNETS.length());
            int dash = text.lastIndexOf('-');
            taken.put(Cidr.parse(text.substring(0, dash) + "/" + text.substring(dash + 1)), network);
        });
        return taken;
    }

    private static Cidr checked(Cidr requested, String networkId, Map<Cidr, String> taken) {
        for (Map.Entry<Cidr, String> t : taken.entrySet()) {
            if (t.getKey().overlaps(requested) && !(t.getKey().equals(requested) && t.getValue().equals(networkId))) {
                throw JnetException.conflict("subnet " + requested + " overlaps " + t.getKey() + " of global network "
                        + t.getValue() + "; choose another --subnet");
            }
        }
        return requested;
    }

    private static Cidr firstFree(Map<Cidr, String> taken, Predicate<Cidr> avoid) {
        long base = number(DEFAULT_POOL.address());
        long step = 1L << (32 - DEFAULT_SIZE);
        for (long n = base; n < base + (1L << (32 - DEFAULT_POOL.prefixLength())); n += step) {
            Cidr candidate = new Cidr(address(n), DEFAULT_SIZE);
            if (taken.keySet().stream().noneMatch(t -> t.overlaps(candidate)) && !avoid.test(candidate)) {
                return candidate;
            }
        }
        throw JnetException.conflict("the global address pool " + DEFAULT_POOL + " is used up: remove global networks"
                + " or give --subnet");
    }

    /**
     * Frees network {@code networkId}'s subnet (and forgets what this host knew of its addresses), unless the
     * cluster still records the network: a host whose adoption of it failed gives nothing of it back.
     */
    public void releaseSubnet(String networkId, Cidr subnet) {
        if (!recorded(networkId)) {
            store.release(Keys.subnet(subnet.network()), networkId);
        }
        taken.remove(networkId);
    }

    /**
     * Whether the cluster records global network {@code networkId}: what it was given (its subnet, its VXLAN
     * id) stays given while it does. The host that removes a network deletes the record first.
     */
    private boolean recorded(String networkId) {
        return store.get(Keys.network(networkId)).isPresent();
    }

    /**
     * A VXLAN id for {@code networkId}: {@code requested} (CONFLICT if another network has it), else the lowest
     * from 4096 that is free and was not freed in the last {@link #VNI_COOLING}.
     */
    public int allocateVni(String networkId, OptionalInt requested) {
        if (requested.isPresent()) {
            int vni = requested.getAsInt();
            if (store.claim(Keys.vni(vni), networkId) instanceof Claim.Held held) {
                throw JnetException.conflict("VXLAN id " + vni + " is in use by global network " + held.holder());
            }
            return vni;
        }
        Set<String> taken = new HashSet<>(store.list(Keys.VNIS).entries().keySet());
        store.list(Keys.FREED_VNIS).entries().keySet().forEach(k -> taken.add(Keys.VNIS + k.substring(Keys.FREED_VNIS.length())));
        for (int vni = FIRST_VNI; vni <= 0xffffff; vni++) {
            if (!taken.contains(Keys.vni(vni)) && store.claim(Keys.vni(vni), networkId).won()) {
                return vni;
            }
        }
        throw JnetException.conflict("no VXLAN id is free");
    }

    /**
     * Frees {@code networkId}'s VXLAN id, kept from automatic choices for {@link #VNI_COOLING}; nothing while the
     * cluster records the network, or once the id is not the network's (the host that removed it freed it).
     */
    public void releaseVni(String networkId, int vni) {
        if (recorded(networkId) || !store.get(Keys.vni(vni)).equals(Optional.of(networkId))) {
            return;
        }
        store.putFor(Keys.freedVni(vni), networkId, vniCooling);
        store.release(Keys.vni(vni), networkId);
    }

    /**
     * Frees the VXLAN id claimed for {@code networkId}'s create that did not happen, at once: no one used it.
     * Nothing while the cluster records the network (an adoption that failed: the network lives on elsewhere).
     */
    public void discardVni(String networkId, int vni) {
        if (!recorded(networkId)) {
            store.release(Keys.vni(vni), networkId);
        }
    }

    /**
     * An address of {@code subnet} for {@code holder} (host and endpoint): {@code preferred} (CONFLICT if held,
     * INVALID outside the subnet), else the lowest free, never the subnet's own address, its gateway (the first
     * host address, on every host's bridge) or its broadcast.
     */
    public InetAddress allocateAddress(String networkId, Cidr subnet, Optional<InetAddress> preferred, String holder) {
        return allocateAddress(networkId, subnet, preferred, address -> holder);
    }

    /**
     * {@link #allocateAddress(String, Cidr, Optional, String)} with the holder of each address tried made by
     * {@code holderFor} (an endpoint's record names its address).
     */
    public InetAddress allocateAddress(String networkId, Cidr subnet, Optional<InetAddress> preferred,
                                       Function<InetAddress, String> holderFor) {
        requireIpv4(subnet);
        long first = number(subnet.network().address());
        long last = first + (1L << (32 - subnet.prefixLength())) - 1;
        if (preferred.isPresent()) {
            InetAddress p = preferred.get();
            long n = p instanceof Inet4Address ? number(p) : -1;
            if (n <= first + 1 || n >= last) {
                throw JnetException.invalid("address " + p.getHostAddress() + " is not an endpoint address of " + subnet);
            }
            if (claim(networkId, p, holderFor) instanceof Claim.Held held && !takesOverReservation(networkId, p, held, holderFor)) {
                throw JnetException.conflict("address " + p.getHostAddress() + " is in use (by "
                        + describe(Keys.ip(networkId, p), held.holder()) + ")");
            }
            return p;
        }
        Set<Long> known = taken.get(networkId);
        if (known != null) { // one claim, of the lowest address not known taken, mostly wins
            long n = lowestFree(known, first, last);
            if (n > 0) {
                Claim claim = claim(networkId, address(n), holderFor);
                known.add(n);
                if (claim.won()) {
                    return address(n);
                }
            }
        }
        Set<Long> listed = ConcurrentHashMap.newKeySet();
        store.list(Keys.ips(networkId)).entries().keySet()
                .forEach(key -> listed.add(number(Cidr.parseAddress(key.substring(Keys.ips(networkId).length())))));
        taken.put(networkId, listed);
        for (long n = lowestFree(listed, first, last); n > 0; n = lowestFree(listed, first, last)) {
            listed.add(n);
            if (claim(networkId, address(n), holderFor).won()) {
                return address(n);
            }
        }
        throw JnetException.conflict("no address of " + subnet + " is free");
    }

    /** Claims {@code address} for the holder {@code holderFor} makes; what is won is remembered in {@link #held}. */
    private Claim claim(String networkId, InetAddress address, Function<InetAddress, String> holderFor) {
        String key = Keys.ip(networkId, address);
        String holder = holderFor.apply(address);
        Claim claim = store.claim(key, holder);
        if (claim.won()) {
            held.put(key, holder);
        }
        return claim;
    }

    /**
     * Whether the address, held by {@code held}, was this process's reservation handed over to the next claim
     * ({@link #handOver}) and is now the holder's that {@code holderFor} makes: one compare-and-swap, so that no
     * other host can take the address between the reservation's end and the endpoint's claim.
     */
    private boolean takesOverReservation(String networkId, InetAddress address, Claim.Held held,
                                         Function<InetAddress, String> holderFor) {
        String key = Keys.ip(networkId, address);
        if (!handedOver.remove(key, held.holder())) {
            return false;
        }
        try {
            return rewrite(key, held.holder(), holderFor.apply(address));
        } catch (RuntimeException e) { // landed or not: the mark lets handOverFailed end the reservation if not
            handedOver.putIfAbsent(key, held.holder());
            throw e;
        }
    }

    /**
     * The connect that {@link #handOver} readied the reservation for failed before taking it over: the
     * reservation ends (its client forgot it with the hand-over). One conditional delete: a reservation taken
     * over meanwhile is the endpoint's record, and stays.
     */
    void handOverFailed(String networkId, InetAddress address) {
        String key = Keys.ip(networkId, address);
        String mine = handedOver.remove(key);
        if (mine != null) {
            releaseClaim(key, mine);
        }
    }

    /**
     * Marks this process's reservation of {@code address} for the next claim of it to take over (a Docker
     * plugin's RequestAddress, then its endpoint's join); false if this process holds no reservation there.
     */
    boolean handOver(String networkId, InetAddress address) {
        String key = Keys.ip(networkId, address);
        String mine = held.get(key);
        if (mine == null || AddressHolder.isRecord(mine)) {
            return false;
        }
        handedOver.put(key, mine);
        return true;
    }

    /** Who holds an address, for an error: the endpoint and host of a record, else the holder as it is. */
    private static String describe(String key, String holder) {
        return AddressHolder.record(key, holder).map(r -> "endpoint " + r.endpoint().substring(0, Math.min(12,
                r.endpoint().length())) + " of host " + r.host()).orElse(holder);
    }

    /** What this process's claim of the address {@code key} holds, if it won one and has not released it. */
    public Optional<String> heldHere(String key) {
        return Optional.ofNullable(held.get(key));
    }

    /** Replaces this host's holder of {@code key} with {@code holder} (false if it changed meanwhile). */
    public boolean rewrite(String key, String expected, String holder) {
        if (!store.replace(key, expected, holder)) {
            return false;
        }
        held.put(key, holder);
        return true;
    }

    /** Claims the address {@code key} for {@code holder} again (an endpoint's that the store lost); remembered if won. */
    boolean reclaim(String key, String holder) {
        boolean won = store.claim(key, holder).won();
        if (won) {
            held.put(key, holder);
        }
        return won;
    }

    /** Frees the address {@code key} if {@code holder} holds it (held for nothing), and forgets holding it here. */
    void releaseClaim(String key, String holder) {
        store.release(key, holder);
        held.remove(key, holder);
        handedOver.remove(key, holder);
    }

    /** The lowest endpoint address of the subnet (from {@code first + 2}) not in {@code known}; 0 if none. */
    private static long lowestFree(Set<Long> known, long first, long last) {
        for (long n = first + 2; n < last; n++) {
            if (!known.contains(n)) {
                return n;
            }
        }
        return 0;
    }

    public void releaseAddress(String networkId, InetAddress address, String holder) {
        handedOver.remove(Keys.ip(networkId, address));
        store.release(Keys.ip(networkId, address), holder);
        held.remove(Keys.ip(networkId, address));
        forget(networkId, address);
    }

    /** The address is no longer known taken here (it may be taken again elsewhere: a claim tells). */
    private void forget(String networkId, InetAddress address) {
        Set<Long> known = taken.get(networkId);
        if (known != null) {
            known.remove(number(address));
        }
    }

    /**
     * Frees {@code address} if host {@code hostId} holds it (its endpoint's record or its reservation); nothing
     * otherwise. What this process claimed is freed with one conditional delete, anything else is read first.
     */
    public void releaseAddressOfHost(String networkId, InetAddress address, String hostId) {
        String key = Keys.ip(networkId, address);
        handedOver.remove(key);
        String mine = held.remove(key);
        if (mine != null) { // one conditional delete; a holder that changed meanwhile is not freed
            store.release(key, mine);
        } else {
            store.get(key).filter(holder -> AddressHolder.hostOf(key, holder).equals(hostId))
                    .ifPresent(holder -> store.release(key, holder));
        }
        forget(networkId, address);
    }

    private static void requireIpv4(Cidr cidr) {
        if (!cidr.isIpv4()) {
            throw JnetException.invalid("global networks are IPv4 only so far; " + cidr + " is IPv6");
        }
    }

    private static long number(InetAddress a) {
        byte[] b = a.getAddress();
        return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
    }

    private static InetAddress address(long n) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (n >> 24), (byte) (n >> 16), (byte) (n >> 8), (byte) n});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

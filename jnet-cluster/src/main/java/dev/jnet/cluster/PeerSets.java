package dev.jnet.cluster;

import dev.jnet.core.controller.RemoteName;
import dev.jnet.core.driver.overlay.RemoteEndpoint;
import dev.jnet.core.model.NetworkId;
import dev.jnet.net.Cidr;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which remote endpoints each global network's data path on this host must reach: the endpoints other hosts
 * published, of hosts that are live now (a host whose lease ran out drops out at once, and its endpoints
 * come back with it), and the names those endpoints answer to. Pure functions of the two listings, so that the
 * data path and the resolver are level-triggered. The endpoints' listing is that of the addresses' claims
 * ({@link Keys#IPS}), where each endpoint's address holds its record.
 */
public final class PeerSets {
    private static final System.Logger LOG = System.getLogger(PeerSets.class.getName());

    private PeerSets() {}

    /** Per network id, the remote endpoints; networks with none are absent. */
    public static Map<String, Set<RemoteEndpoint>> of(String selfHostId, List<HostRecord> liveHosts, Listing endpoints) {
        return of(selfHostId, liveHosts, endpoints, Published::read);
    }

    /** {@link #of(String, List, Listing)} with the records read by {@code parse} (a cache of earlier readings). */
    static Map<String, Set<RemoteEndpoint>> of(String selfHostId, List<HostRecord> liveHosts, Listing endpoints,
                                               java.util.function.BiFunction<String, String, Published> parse) {
        Map<String, InetAddress> hostAddress = new HashMap<>();
        for (HostRecord h : liveHosts) {
            try {
                hostAddress.put(h.id(), Cidr.parseAddress(h.address()));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cluster: host " + h.id() + " has no usable address '" + h.address() + "'");
            }
        }
        Map<String, Set<RemoteEndpoint>> peers = new HashMap<>();
        for (Map.Entry<String, String> e : endpoints.entries().entrySet()) {
            if (!AddressHolder.isRecord(e.getValue())) {
                continue; // an address reserved for an endpoint still to come
            }
            Published p;
            try {
                p = parse.apply(e.getKey(), e.getValue());
            } catch (RuntimeException bad) {
                LOG.log(System.Logger.Level.WARNING, "cluster: skipping " + e.getKey() + ": " + bad.getMessage());
                continue;
            }
            InetAddress host = hostAddress.get(p.record().host());
            if (!p.record().host().equals(selfHostId) && host != null) {
                peers.computeIfAbsent(p.record().network(), n -> new HashSet<>()).add(new RemoteEndpoint(p.address(), p.mac(), host));
            }
        }
        return peers;
    }

    /** Per network id, the names of the other live hosts' endpoints, for the embedded resolver. */
    public static Map<NetworkId, List<RemoteName>> names(String selfHostId, List<HostRecord> liveHosts, Listing endpoints) {
        return names(selfHostId, liveHosts, endpoints, Published::read);
    }

    /** {@link #names(String, List, Listing)} with the records read by {@code parse}. */
    static Map<NetworkId, List<RemoteName>> names(String selfHostId, List<HostRecord> liveHosts, Listing endpoints,
                                                  java.util.function.BiFunction<String, String, Published> parse) {
        Set<String> live = new HashSet<>();
        liveHosts.forEach(h -> live.add(h.id()));
        Map<String, NetworkId> ids = new HashMap<>();
        Map<NetworkId, List<RemoteName>> names = new HashMap<>();
        for (Map.Entry<String, String> e : endpoints.entries().entrySet()) {
            if (!AddressHolder.isRecord(e.getValue())) {
                continue;
            }
            try {
                Published p = parse.apply(e.getKey(), e.getValue());
                EndpointRecord r = p.record();
                if (!r.host().equals(selfHostId) && live.contains(r.host()) && !r.names().isEmpty()) {
                    names.computeIfAbsent(ids.computeIfAbsent(r.network(), NetworkId::new), n -> new ArrayList<>())
                            .add(new RemoteName(r.endpoint(), r.names(), p.address()));
                }
            } catch (RuntimeException bad) {
                LOG.log(System.Logger.Level.DEBUG, "cluster: no name for " + e.getKey() + ": " + bad.getMessage());
            }
        }
        return names;
    }
}

package dev.jnet.daemon.remote;

import dev.jnet.core.ipam.AddressOwner;
import dev.jnet.core.ipam.HostSubnets;
import dev.jnet.core.ipam.Ipam;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;
import dev.jnet.net.IpFormat;
import dev.jnet.net.MacAddress;
import tools.jackson.databind.JsonNode;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Docker IPAM plugin as the IPAM of the networks that name it ({@code --ipam-driver}): a network's
 * subnets are its {@code RequestPool}s, their gateways and auxiliary addresses its {@code RequestAddress}es,
 * and so are endpoint addresses; what jnet hands back it releases. The plugin is reached when first needed;
 * then jnet learns its capabilities and default address space, and replays the stored allocations to a
 * plugin that asks for that ({@code RequiresRequestReplay}). Each network's view ({@link #with}) gives the
 * plugin that network's IPAM options.
 */
final class RemoteIpam {
    private static final System.Logger LOG = System.getLogger(RemoteIpam.class.getName());
    static final String GATEWAY_DATA = "com.docker.network.gateway";
    static final String MAC_OPTION = "com.docker.network.endpoint.macaddress";
    static final Map<String, String> GATEWAY_REQUEST = Map.of("RequestAddressType", GATEWAY_DATA);

    private final PluginSource plugin;
    private final List<Network> storedNetworks = new ArrayList<>();
    private final List<Endpoint> storedEndpoints = new ArrayList<>();
    /** Pool ids a replay got that differ from the stored ones, by {@link #poolKey}: the plugin's new one. */
    private final Map<String, String> renamed = new ConcurrentHashMap<>();
    /** Stored allocations given back before the plugin was reached ({@link #poolKey}, {@link #addressKey}): not replayed. */
    private final Set<String> released = new HashSet<>();
    private volatile Reached reached;

    /** What the plugin said when first reached. */
    private record Reached(boolean requiresMac, String addressSpace) {}

    RemoteIpam(PluginSource plugin) {
        this.plugin = plugin;
    }

    /** Reaches the plugin now (for a new network): an error says why it cannot serve as IPAM. */
    RemoteIpam activated() {
        reach();
        return this;
    }

    /** This IPAM for a network with IPAM options {@code options}. */
    Ipam with(Map<String, String> options) {
        return new View(Map.copyOf(options));
    }

    /** The plugin's local address space, once it was reached. */
    Optional<String> addressSpace() {
        Reached known = reached;
        return known == null ? Optional.empty() : Optional.of(known.addressSpace());
    }

    private Reached reach() {
        Reached known = reached;
        return known != null ? known : reachNow();
    }

    private synchronized Reached reachNow() {
        if (reached != null) {
            return reached;
        }
        PluginClient client = plugin.client(true);
        if (!client.implemented().contains("IpamDriver")) {
            throw JnetException.invalid("plugin " + plugin.name() + " is no IPAM driver (it implements "
                    + client.implemented() + ")");
        }
        JsonNode capabilities = client.call("IpamDriver.GetCapabilities", Map.of()).orElse(null);
        String space = client.require("IpamDriver.GetDefaultAddressSpaces", Map.of())
                .path("LocalDefaultAddressSpace").asString("");
        if (space.isEmpty()) {
            throw garbled("GetDefaultAddressSpaces without a LocalDefaultAddressSpace");
        }
        boolean mac = capabilities != null && capabilities.path("RequiresMACAddress").asBoolean(false);
        Reached now = new Reached(mac, space);
        if (capabilities != null && capabilities.path("RequiresRequestReplay").asBoolean(false)) {
            // A plugin gone in the middle throws here: nothing counts as reached, and the next use replays again.
            new IpamReplay(this, now.addressSpace(), now.requiresMac(), released::contains).run(storedNetworks, storedEndpoints);
        }
        storedNetworks.clear();
        storedEndpoints.clear();
        released.clear();
        reached = now;
        return now;
    }

    /** The key of a network's pool in {@link #renamed} and {@link #released}. */
    static String poolKey(NetworkId network, Cidr subnet) {
        return network.value() + " " + subnet;
    }

    /** The key of an address of a network in {@link #released}. */
    static String addressKey(NetworkId network, InetAddress address) {
        return network.value() + " " + IpFormat.format(address);
    }

    /**
     * Before a release: a stored allocation given back before the plugin was reached must not be replayed to
     * it later; then the plugin is reached (and replayed to) if it can be, so that it knows what is released.
     */
    private void releasing(String key) {
        synchronized (this) {
            if (reached == null) {
                released.add(key);
            }
        }
        try {
            reach();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "IPAM plugin " + plugin.name() + " not reached for a release: " + e.getMessage());
        }
    }

    /** Keeps stored allocations for the replay when the plugin is first reached. */
    private synchronized void remember(List<Network> networks, List<Endpoint> endpoints) {
        if (reached == null) {
            storedNetworks.addAll(networks);
            storedEndpoints.addAll(endpoints);
        }
    }

    String name() {
        return plugin.name();
    }

    /** The plugin's id of network {@code network}'s {@code pool} now. */
    String id(NetworkId network, IpamPool pool) {
        String stored = pool.poolId().orElseThrow(() -> new JnetException(ErrorKind.INTERNAL, "subnet " + pool.subnet()
                + " has no pool id of IPAM plugin " + plugin.name()));
        return renamed.getOrDefault(poolKey(network, pool.subnet()), stored);
    }

    /** A replay's new id for network {@code network}'s pool {@code subnet}. */
    void renamed(NetworkId network, Cidr subnet, String now) {
        renamed.put(poolKey(network, subnet), now);
    }

    JsonNode require(String method, Map<String, Object> body) {
        return plugin.require(method, body);
    }

    /** {@code RequestPool}: the pool's id and subnet. */
    PoolAnswer requestPool(String space, Optional<Cidr> subnet, Optional<Cidr> range, Map<String, String> options, boolean ipv6) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("AddressSpace", space);
        body.put("Pool", subnet.map(Cidr::toString).orElse(""));
        body.put("SubPool", range.map(Cidr::toString).orElse(""));
        body.put("Options", options);
        body.put("V6", ipv6);
        JsonNode answer = require("IpamDriver.RequestPool", body);
        String id = answer.path("PoolID").asString("");
        if (id.isEmpty()) {
            throw garbled("RequestPool without a PoolID");
        }
        try {
            Cidr pool = parse(answer.path("Pool").asString(""), "RequestPool's Pool");
            if (pool.isIpv4() == ipv6 || !pool.equals(pool.network())) {
                throw garbled("RequestPool with pool " + pool + " for an " + (ipv6 ? "IPv6" : "IPv4") + " request");
            }
            String data = answer.path("Data").path(GATEWAY_DATA).asString("");
            Optional<InetAddress> gateway = data.isEmpty() ? Optional.empty()
                    : Optional.of(parse(data, "RequestPool's gateway").address());
            if (gateway.filter(g -> !pool.contains(g)).isPresent()) {
                throw garbled("RequestPool with gateway " + data + " outside its pool " + pool);
            }
            return new PoolAnswer(id, pool, gateway);
        } catch (RuntimeException e) {
            releaseQuietly(id, e);
            throw e;
        }
    }

    void releasePoolQuietly(String poolId) {
        releaseQuietly(poolId, null);
    }

    record PoolAnswer(String id, Cidr subnet, Optional<InetAddress> gateway) {}

    /** {@code RequestAddress}: the address the plugin gives, which must be {@code preferred} when there is one. */
    InetAddress requestAddress(String poolId, Cidr subnet, Optional<InetAddress> preferred, Map<String, String> options) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("PoolID", poolId);
        body.put("Address", preferred.map(IpFormat::format).orElse(""));
        body.put("Options", options);
        InetAddress given = parse(require("IpamDriver.RequestAddress", body).path("Address").asString(""),
                "RequestAddress's Address").address();
        if (!subnet.contains(given) || preferred.filter(p -> !p.equals(given)).isPresent()) {
            releaseAddressQuietly(poolId, given);
            throw garbled("RequestAddress with " + IpFormat.format(given) + ", "
                    + (subnet.contains(given) ? "not the " + IpFormat.format(preferred.get()) + " asked for" : "outside its pool " + subnet));
        }
        return given;
    }

    void releaseAddressQuietly(String poolId, InetAddress address) {
        quietly("IpamDriver.ReleaseAddress", Map.of("PoolID", poolId, "Address", IpFormat.format(address)), null);
    }

    private void releaseQuietly(String poolId, RuntimeException failure) {
        quietly("IpamDriver.ReleasePool", Map.of("PoolID", poolId), failure);
    }

    private void quietly(String method, Map<String, Object> body, RuntimeException failure) {
        try {
            plugin.require(method, body);
        } catch (RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
            LOG.log(System.Logger.Level.WARNING, "IPAM plugin " + plugin.name() + ": " + method + " " + body + " failed: "
                    + e.getMessage());
        }
    }

    private Cidr parse(String value, String what) {
        try {
            return Cidr.parse(value);
        } catch (RuntimeException e) {
            throw garbled(what + " '" + value + "', which is no address");
        }
    }

    private JnetException garbled(String what) {
        return new JnetException(ErrorKind.UNAVAILABLE, "IPAM plugin " + plugin.name() + " answered " + what);
    }

    /** The IPAM of the networks with one set of IPAM options. */
    private final class View implements Ipam {
        private final Map<String, String> options;

        View(Map<String, String> options) {
            this.options = options;
        }

        /** The host's subnets are not the plugin's concern: it chooses from its own address space. */
        @Override
        public IpamPool allocatePool(NetworkId network, PoolRequest request, boolean ipv6, boolean withGateway, HostSubnets host) {
            PoolAnswer pool = requestPool(reach().addressSpace(), request.subnet(), request.ipRange(), options, ipv6);
            List<InetAddress> requested = new ArrayList<>();
            try {
                Optional<InetAddress> gateway = Optional.empty();
                if (withGateway) {
                    gateway = request.gateway().or(pool::gateway);
                    if (request.gateway().isPresent() || pool.gateway().isEmpty()) {
                        gateway = Optional.of(requestAddress(pool.id(), pool.subnet(), request.gateway(), GATEWAY_REQUEST));
                        requested.add(gateway.get());
                    }
                }
                Map<String, InetAddress> aux = new LinkedHashMap<>();
                for (Map.Entry<String, InetAddress> a : request.auxAddresses().entrySet()) {
                    aux.put(a.getKey(), requestAddress(pool.id(), pool.subnet(), Optional.of(a.getValue()), Map.of()));
                    requested.add(a.getValue());
                }
                return new IpamPool(pool.subnet(), request.ipRange(), gateway, aux, request.subnet().isPresent(),
                        request.gateway().isPresent(), Optional.of(pool.id()));
            } catch (RuntimeException e) {
                requested.reversed().forEach(a -> releaseAddressQuietly(pool.id(), a));
                releaseQuietly(pool.id(), e);
                throw e;
            }
        }

        @Override
        public void releasePool(NetworkId network, Cidr subnet) {
            throw new IllegalStateException("an IPAM plugin's pool is released by its pool id, not subnet " + subnet);
        }

        /** Gives back the gateway, the auxiliary addresses and the pool, each best effort (a plugin may be gone). */
        @Override
        public void releasePool(NetworkId network, IpamPool pool) {
            releasing(poolKey(network, pool.subnet()));
            String id = id(network, pool);
            pool.gateway().ifPresent(g -> releaseAddressQuietly(id, g));
            pool.auxAddresses().values().forEach(a -> releaseAddressQuietly(id, a));
            releaseQuietly(id, null);
            renamed.remove(poolKey(network, pool.subnet()));
        }

        @Override
        public Cidr allocateAddress(NetworkId network, IpamPool pool, Optional<InetAddress> preferred) {
            return address(network, pool, preferred, Optional.empty());
        }

        /** With the owner's MAC when the plugin requires it ({@code RequiresMACAddress}). */
        @Override
        public Cidr allocateAddress(NetworkId network, IpamPool pool, Optional<InetAddress> preferred, AddressOwner owner) {
            return address(network, pool, preferred, owner.mac());
        }

        /** As dockerd: an endpoint's request carries only the MAC option; the network's options went with its pool. */
        private Cidr address(NetworkId network, IpamPool pool, Optional<InetAddress> preferred, Optional<MacAddress> mac) {
            Map<String, String> asked = new LinkedHashMap<>();
            if (reach().requiresMac()) {
                mac.ifPresent(m -> asked.put(MAC_OPTION, m.toString()));
            }
            return new Cidr(requestAddress(id(network, pool), pool.subnet(), preferred, asked), pool.subnet().prefixLength());
        }

        @Override
        public void releaseAddress(NetworkId network, IpamPool pool, InetAddress address) {
            releasing(addressKey(network, address));
            releaseAddressQuietly(id(network, pool), address);
        }

        @Override
        public boolean requiresMac() {
            return reach().requiresMac();
        }

        /** Adds the networks' allocations to those replayed when the plugin is first reached, if it asks for that. */
        @Override
        public void restore(List<Network> networks, List<Endpoint> endpoints) {
            remember(networks, endpoints);
        }

        @Override
        public String toString() {
            return "IPAM plugin " + plugin.name();
        }
    }
}

package dev.jnet.daemon.remote;

import dev.jnet.core.driver.Capabilities;
import dev.jnet.core.driver.Driver;
import dev.jnet.core.driver.JoinRequest;
import dev.jnet.core.driver.JoinResult;
import dev.jnet.core.driver.NetworkPlan;
import dev.jnet.core.driver.SandboxLink;
import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.JoinRecord;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.Scope;
import dev.jnet.core.model.StaticRoute;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.Kernel;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;
import tools.jackson.databind.JsonNode;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A Docker remote network plugin as a jnet driver: each network and endpoint call becomes the plugin's
 * ({@code NetworkDriver.CreateNetwork}, {@code CreateEndpoint}, {@code Join}, ...), and the interface its
 * Join names, made in the host namespace, is what the controller moves into the sandbox. jnet's IPAM gives
 * the subnets and addresses (the plugin may give an endpoint's when jnet has none); the plugin gives the
 * gateway and static routes. A join that fails undoes the plugin calls it made, newest first.
 */
final class RemoteDriver implements Driver {
    private static final System.Logger LOG = System.getLogger(RemoteDriver.class.getName());
    static final String GENERIC = "com.docker.network.generic";

    /** What a plugin not reached yet is taken to offer: a local network with a gateway and names. */
    static final Capabilities PROVISIONAL = new Capabilities(Scope.LOCAL, Scope.LOCAL, true, true, false, true,
            Capabilities.Namespace.OWN, false, true, false);

    private final PluginSource plugin;
    private final Kernel kernel;
    private volatile Capabilities capabilities;
    /** The cluster's hosts as last heard of ({@link #clusterHosts}): their addresses, and this host's. */
    private volatile Map.Entry<Set<String>, String> clusterHosts = Map.entry(Set.of(), "");
    /** The hosts the plugin was told of, since it was last activated (discovery thread only). */
    private final Set<String> toldHosts = new HashSet<>();
    /** Node discovery calls, one at a time and off the caller's thread. */
    private final java.util.concurrent.ExecutorService discoveryCalls = java.util.concurrent.Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("plugin-discovery").factory());

    private final BooleanSupplier inCluster;
    private final Function<String, Optional<String>> addressSpaces;

    /**
     * A driver for plugin {@code plugin}, which is called first when something needs it; {@code inCluster} says
     * whether this jnetd is a host of a cluster (a plugin of global scope needs one), {@code addressSpaces} the
     * address space of an IPAM plugin by its name.
     */
    RemoteDriver(PluginSource plugin, Kernel kernel, BooleanSupplier inCluster,
                 Function<String, Optional<String>> addressSpaces) {
        this.plugin = plugin;
        this.kernel = kernel;
        this.inCluster = inCluster;
        this.addressSpaces = addressSpaces;
    }

    /** Activates the plugin and asks for its capabilities now: an error says why it cannot be used. */
    RemoteDriver activated() {
        fetchCapabilities(true);
        return this;
    }

    private Capabilities fetchCapabilities(boolean patient) {
        PluginClient client = plugin.client(patient);
        if (!client.implemented().contains("NetworkDriver")) {
            throw JnetException.invalid("plugin " + plugin.name() + " is no network driver (it implements "
                    + client.implemented() + ")");
        }
        JsonNode answer = client.require("NetworkDriver.GetCapabilities", Map.of());
        Scope scope = scope(answer.path("Scope").asString("local"));
        Scope reach = scope(answer.path("ConnectivityScope").asString(scope == Scope.GLOBAL ? "global" : "local"));
        Capabilities fetched = new Capabilities(scope, reach, true, true, false, true, Capabilities.Namespace.OWN, false, true, false);
        capabilities = fetched;
        discoveryCalls.execute(() -> {
            toldHosts.clear(); // a plugin (re)activated knows of no host yet
            tellHosts();
        });
        return fetched;
    }

    private Scope scope(String value) {
        try {
            return Scope.parse(value);
        } catch (RuntimeException e) {
            throw JnetException.invalid("plugin " + plugin.name() + " answered GetCapabilities with scope '" + value
                    + "' (local or global)");
        }
    }

    @Override
    public String name() {
        return plugin.name();
    }

    /**
     * The plugin's answer to GetCapabilities; while it cannot be reached (one attempt each time), {@link
     * #PROVISIONAL}, so that jnetd starts and serves its other networks.
     */
    @Override
    public Capabilities capabilities() {
        Capabilities known = capabilities;
        if (known != null) {
            return known;
        }
        try {
            return fetchCapabilities(false);
        } catch (JnetException e) {
            LOG.log(System.Logger.Level.WARNING, "plugin " + plugin.name() + " cannot be reached yet: " + e.getMessage());
            return PROVISIONAL;
        }
    }

    /** Every option goes to the plugin as it was given: the plugin checks its own. A global plugin needs a cluster. */
    @Override
    public NetworkPlan plan(NetworkId id, NetworkSpec spec) {
        if (capabilities().dataScope() == Scope.GLOBAL && !inCluster.getAsBoolean()) {
            throw JnetException.invalid("network driver " + plugin.name() + " has global scope: its networks are the"
                    + " cluster's, and this jnetd is in none (jnetd --cluster-store)");
        }
        return ipv6 -> IpamNeeds.SUBNETS_WITH_GATEWAY;
    }

    @Override
    public void createNetwork(Network network, NetworkPlan plan) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put(GENERIC, network.options());
        options.put("com.docker.network.enable_ipv6", network.ipv6Enabled());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("NetworkID", network.id().value());
        body.put("Options", options);
        body.put("IPv4Data", ipamData(network, network.ipv4()));
        body.put("IPv6Data", ipamData(network, network.ipv6()));
        plugin.require("NetworkDriver.CreateNetwork", body);
    }

    private List<Map<String, Object>> ipamData(Network network, List<IpamPool> pools) {
        String builtIn = network.scope() == Scope.GLOBAL ? "GlobalDefault" : "LocalDefault";
        String space = network.ipam().isDefault() ? builtIn : addressSpaces.apply(network.ipam().driver()).orElse(builtIn);
        List<Map<String, Object>> data = new ArrayList<>();
        for (IpamPool pool : pools) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("AddressSpace", space);
            d.put("Pool", pool.subnet().toString());
            pool.gateway().ifPresent(g -> d.put("Gateway", new Cidr(g, pool.subnet().prefixLength()).toString()));
            Map<String, String> aux = new LinkedHashMap<>();
            pool.auxAddresses().forEach((k, a) -> aux.put(k, new Cidr(a, pool.subnet().prefixLength()).toString()));
            d.put("AuxAddresses", aux);
            data.add(d);
        }
        return data;
    }

    @Override
    public void deleteNetwork(Network network) {
        plugin.require("NetworkDriver.DeleteNetwork", Map.of("NetworkID", network.id().value()));
    }

    @Override
    public JoinResult join(JoinRequest request) {
        Network network = request.network();
        Endpoint endpoint = request.endpoint();
        Map<String, Object> ids = ids(network, endpoint);
        JsonNode created = plugin.require("NetworkDriver.CreateEndpoint", createEndpoint(network, endpoint));
        try {
            Optional<Cidr> v4 = given(created, "Address", endpoint.ipv4());
            Optional<Cidr> v6 = given(created, "AddressIPv6", endpoint.ipv6());
            Map<String, Object> join = new LinkedHashMap<>(ids);
            join.put("SandboxKey", request.sandbox().path().toString());
            join.put("Options", Map.of());
            JsonNode joined = plugin.require("NetworkDriver.Join", join);
            try {
                JoinResult result = joinResult(request, joined, v4, v6);
                plugin.call("NetworkDriver.ProgramExternalConnectivity", withOptions(ids));
                return result;
            } catch (RuntimeException e) {
                quietly("Leave", ids, e);
                throw e;
            }
        } catch (RuntimeException e) {
            quietly("DeleteEndpoint", ids, e);
            throw e;
        }
    }

    private Map<String, Object> createEndpoint(Network network, Endpoint endpoint) {
        Map<String, Object> iface = new LinkedHashMap<>();
        endpoint.ipv4().ifPresent(a -> iface.put("Address", a.toString()));
        endpoint.ipv6().ifPresent(a -> iface.put("AddressIPv6", a.toString()));
        iface.put("MacAddress", endpoint.mac().toString());
        Map<String, Object> body = new LinkedHashMap<>(ids(network, endpoint));
        body.put("Interface", iface);
        body.put("Options", endpoint.driverOptions());
        return body;
    }

    /** The endpoint's address, or the plugin's when jnet's IPAM gave none. */
    private Optional<Cidr> given(JsonNode created, String field, Optional<Cidr> ipam) {
        if (ipam.isPresent()) {
            return Optional.empty();
        }
        String address = created.path("Interface").path(field).asString("");
        return address.isEmpty() ? Optional.empty() : Optional.of(parse(address, "CreateEndpoint's Interface." + field));
    }

    private JoinResult joinResult(JoinRequest request, JsonNode joined, Optional<Cidr> v4, Optional<Cidr> v6) {
        Endpoint endpoint = request.endpoint();
        String source = joined.path("InterfaceName").path("SrcName").asString("");
        if (source.isEmpty()) {
            throw new JnetException(ErrorKind.UNAVAILABLE, "plugin " + plugin.name() + " answered Join without"
                    + " InterfaceName.SrcName: no interface to move into the sandbox");
        }
        IfName made = IfName.of(source);
        if (kernel.host().links().find(made).isEmpty()) {
            throw new JnetException(ErrorKind.UNAVAILABLE, "plugin " + plugin.name() + " named interface " + source
                    + " in its Join answer, but the host namespace has no such interface");
        }
        kernel.host().links().setMac(made, endpoint.mac()); // as dockerd, the endpoint's MAC on the plugin's interface
        Optional<InetAddress> gateway4 = gateway(joined, "Gateway");
        Optional<InetAddress> gateway6 = gateway(joined, "GatewayIPv6");
        List<StaticRoute> routes = new ArrayList<>();
        for (JsonNode r : joined.path("StaticRoutes")) {
            Cidr destination = parse(r.path("Destination").asString(""), "Join's StaticRoutes.Destination");
            boolean connected = r.path("RouteType").asInt(0) == 1;
            String hop = r.path("NextHop").asString("");
            routes.add(new StaticRoute(destination, connected || hop.isEmpty() ? Optional.empty()
                    : Optional.of(parse(hop, "Join's StaticRoutes.NextHop").address())));
        }
        boolean defaultRoute = gateway4.isPresent() || gateway6.isPresent();
        // As libnetwork: an endpoint without a gateway gets the gateway bridge unless its Join disables that.
        boolean wayOut = defaultRoute || routes.stream().anyMatch(r -> r.destination().prefixLength() == 0);
        boolean needsBridge = !wayOut && !joined.path("DisableGatewayService").asBoolean(false);
        JoinRecord record = new JoinRecord(gateway4, gateway6, routes, defaultRoute,
                needsBridge ? Map.of(JoinRecord.NEEDS_GATEWAY_BRIDGE, "true") : Map.of());
        IfName inside = insideName(request, joined.path("InterfaceName").path("DstPrefix").asString(""));
        return new JoinResult(List.of(SandboxLink.inHost(inside, made)), record, v4, v6, List.of());
    }

    /**
     * The interface's name in the sandbox: with a {@code DstPrefix} other than the planned name's, as dockerd
     * names it, the prefix and the first number free in the sandbox; an interface name the user asked for
     * ({@code com.docker.network.endpoint.ifname}) or a runtime's sandbox keeps the planned one.
     */
    private IfName insideName(JoinRequest request, String prefix) {
        IfName planned = request.endpoint().interfaceName();
        if (prefix.isEmpty() || planned.value().startsWith(prefix) || request.leaveInHost()
                || request.endpoint().driverOptions().containsKey(ConnectSpec.IFNAME_OPTION)) {
            return planned;
        }
        var links = kernel.in(request.sandbox()).links();
        for (int n = 0; n < 1000; n++) {
            String name = prefix + n;
            if (name.length() > 15) {
                break;
            }
            if (links.find(IfName.of(name)).isEmpty()) {
                return IfName.of(name);
            }
        }
        throw new JnetException(ErrorKind.UNAVAILABLE, "plugin " + plugin.name() + " answered Join with DstPrefix '"
                + prefix + "', from which no free interface name can be made");
    }

    private Optional<InetAddress> gateway(JsonNode joined, String field) {
        String value = joined.path(field).asString("");
        return value.isEmpty() ? Optional.empty() : Optional.of(parse(value, "Join's " + field).address());
    }

    private Cidr parse(String value, String what) {
        try {
            return Cidr.parse(value);
        } catch (RuntimeException e) {
            throw new JnetException(ErrorKind.UNAVAILABLE, "plugin " + plugin.name() + " answered " + what + " '" + value
                    + "', which is no address");
        }
    }

    /** Undoes the join: the plugin's calls in reverse, each best effort, then the interface if it is left. */
    @Override
    public void leave(Network network, Endpoint endpoint, NetNs sandbox) {
        Map<String, Object> ids = ids(network, endpoint);
        for (String call : List.of("RevokeExternalConnectivity", "Leave", "DeleteEndpoint")) {
            quietly(call, ids, null);
        }
        try {
            kernel.in(sandbox).links().deleteIfPresent(endpoint.interfaceName());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "interface " + endpoint.interfaceName() + " of the sandbox: " + e.getMessage());
        }
    }

    @Override
    public Optional<String> unavailable(Network network) {
        return plugin.missing();
    }

    @Override
    public boolean ensureNetwork(Network network) {
        return false; // the plugin keeps its own objects
    }

    @Override
    public boolean isJoined(Network network, Endpoint endpoint, NetNs sandbox) {
        return kernel.in(sandbox).links().find(endpoint.interfaceName()).isPresent();
    }

    private static Map<String, Object> ids(Network network, Endpoint endpoint) {
        return Map.of("NetworkID", network.id().value(), "EndpointID", endpoint.id().value());
    }

    private static Map<String, Object> withOptions(Map<String, Object> ids) {
        Map<String, Object> body = new LinkedHashMap<>(ids);
        body.put("Options", Map.of());
        return body;
    }

    private void quietly(String call, Map<String, Object> ids, RuntimeException failure) {
        try {
            plugin.call("NetworkDriver." + call, call.equals("RevokeExternalConnectivity") ? withOptions(ids) : ids);
        } catch (RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
            LOG.log(System.Logger.Level.WARNING, "plugin " + plugin.name() + ": " + call + " of endpoint "
                    + ids.get("EndpointID") + " failed: " + e.getMessage());
        }
    }

    /**
     * libnetwork's node discovery, for a plugin whose networks reach across hosts: {@code DiscoverNew} for each
     * host that joined the cluster (itself with {@code Self}), {@code DiscoverDelete} for each that left; on a
     * thread of its own, once the plugin was reached, best effort (404: the plugin does not want them).
     */
    @Override
    public void clusterHosts(Set<String> addresses, String self) {
        clusterHosts = Map.entry(Set.copyOf(addresses), self);
        if (capabilities != null) {
            discoveryCalls.execute(this::tellHosts);
        }
    }

    /** Tells the plugin of the hosts that came and went since it was last told (discovery thread only). */
    private void tellHosts() {
        Capabilities known = capabilities;
        if (known == null || known.connectivityScope() != Scope.GLOBAL) {
            return;
        }
        Map.Entry<Set<String>, String> hosts = clusterHosts;
        for (String address : new java.util.TreeSet<>(hosts.getKey())) {
            if (!toldHosts.contains(address) && discovery("DiscoverNew", address, hosts.getValue())) {
                toldHosts.add(address);
            }
        }
        for (String address : new java.util.TreeSet<>(toldHosts)) {
            if (!hosts.getKey().contains(address) && discovery("DiscoverDelete", address, hosts.getValue())) {
                toldHosts.remove(address);
            }
        }
    }

    /** One node discovery call (DiscoveryType 1, a node), without waiting for a plugin that is away; whether it went through. */
    private boolean discovery(String call, String address, String self) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("Address", address);
        if (address.equals(self)) {
            data.put("BindAddress", address); // libnetwork's bind address is this host's own
        }
        data.put("Self", address.equals(self));
        try {
            plugin.client(false).call("NetworkDriver." + call, Map.of("DiscoveryType", 1, "DiscoveryData", data));
            return true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "plugin " + plugin.name() + ": " + call + " of host " + address
                    + " failed: " + e.getMessage());
            return false;
        }
    }

    @Override
    public String toString() {
        return "plugin " + plugin.name();
    }
}

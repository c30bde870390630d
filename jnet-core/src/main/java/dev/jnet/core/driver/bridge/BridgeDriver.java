package dev.jnet.core.driver.bridge;

import dev.jnet.core.driver.Attachment;
import dev.jnet.core.driver.Capabilities;
import dev.jnet.core.driver.DriftCheck;
import dev.jnet.core.driver.Driver;
import dev.jnet.core.driver.JoinRequest;
import dev.jnet.core.driver.JoinResult;
import dev.jnet.core.driver.NetworkPlan;
import dev.jnet.core.driver.Plans;
import dev.jnet.core.driver.SandboxLink;
import dev.jnet.core.firewall.Firewall;
import dev.jnet.core.firewall.FirewallEndpoint;
import dev.jnet.core.firewall.FirewallNetwork;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.EndpointId;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.JoinRecord;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.PortBinding;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.Errno;
import dev.jnet.kernel.Kernel;
import dev.jnet.kernel.KernelException;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.rtnl.Address;
import dev.jnet.kernel.rtnl.Link;
import dev.jnet.kernel.rtnl.LinkOptions;
import dev.jnet.kernel.rtnl.LinkSpec;
import dev.jnet.kernel.rtnl.RtNetlink;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;
import dev.jnet.net.MacAddress;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Single-host networks on a Linux bridge: a bridge per network with the gateway addresses on it, and a
 * veth per endpoint whose inner end is created straight inside the sandbox under its final name.
 */
public final class BridgeDriver implements Driver, DriftCheck {
    /** A bridge takes at most 1,023 ports (port numbers below BR_MAX_PORTS, 1,024, without 0); one more is EXFULL. */
    static final int MAX_BRIDGE_PORTS = 1023;
    /** A bridge's MTU without {@code com.docker.network.driver.mtu}: Ethernet's, which veths also start with. */
    static final int DEFAULT_MTU = 1500;
    private static final Capabilities CAPABILITIES = Capabilities.local().withPublishesPorts(true);
    private final Kernel kernel;
    private final Firewall firewall;
    private final String defaultBridgeName;
    private final Plans<BridgeOptions> plans = new Plans<>(BridgeDriver::parse);

    /** A bridge driver calling {@code firewall}, whose predefined {@code bridge} network's bridge is {@code defaultBridgeName}. */
    public BridgeDriver(Kernel kernel, Firewall firewall, String defaultBridgeName) {
        this.kernel = kernel;
        this.firewall = firewall;
        this.defaultBridgeName = defaultBridgeName;
    }

    @Override
    public String name() {
        return "bridge";
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public NetworkPlan plan(NetworkId id, NetworkSpec spec) {
        return BridgeOptions.parse(spec.options(), Optional.of(id)); // kept by createNetwork, once the network exists
    }

    /** Docker's default {@code bridge} network, on the bridge named at construction. */
    @Override
    public Optional<NetworkSpec> predefinedNetwork() {
        return Optional.of(NetworkSpec.named("bridge").withOptions(Map.of(BridgeOptions.NAME, defaultBridgeName,
                BridgeOptions.DEFAULT_BRIDGE, "true")));
    }

    /**
     * Docker's {@code docker_gwbridge}: masquerading, its endpoints unable to reach each other (they are
     * sandboxes of different overlay networks), on a Linux bridge named {@code jnet_gwbridge}.
     */
    @Override
    public Optional<NetworkSpec> gatewayNetwork() {
        return Optional.of(NetworkSpec.named(NetworkSpec.GATEWAY_BRIDGE).withOptions(Map.of(BridgeOptions.NAME,
                GATEWAY_BRIDGE_NAME, BridgeOptions.ICC, "false", BridgeOptions.MASQUERADE, "true")));
    }

    /** The Linux bridge of the gateway network (not Docker's name, so that both can run on one host). */
    static final String GATEWAY_BRIDGE_NAME = "jnet_gwbridge";

    /** The bridge's MAC: unicast, locally administered, from the network's id (the same when re-created). */
    static MacAddress bridgeMac(NetworkId id) {
        byte[] mac = new byte[6];
        mac[0] = 0x02;
        mac[1] = 0x6a;
        for (int i = 0; i < 4; i++) {
            mac[2 + i] = (byte) Integer.parseInt(id.value().substring(2 * i, 2 * i + 2), 16);
        }
        return MacAddress.of(mac);
    }

    private static BridgeOptions parse(Network network) {
        return BridgeOptions.parse(network.options(), Optional.of(network.id()));
    }

    private BridgeOptions options(Network network) {
        return plans.of(network);
    }

    @Override
    public void createNetwork(Network network, NetworkPlan plan) {
        BridgeOptions o = (BridgeOptions) plan;
        RtNetlink host = kernel.host();
        if (host.links().find(o.bridgeName()).isPresent()) {
            throw JnetException.conflict("bridge " + o.bridgeName() + " already exists in the host namespace");
        }
        // A MAC and an MTU of its own, as Docker's bridges have: else the kernel gives the bridge the lowest MAC
        // and MTU of its ports, and walks all of them again at each new port; the gateway's MAC would also
        // change when that port leaves, and the sandboxes' ARP entries for it would go stale.
        LinkOptions linkOptions = LinkOptions.DEFAULTS.withUp(true).withAlias(networkMark(network))
                .withMac(bridgeMac(network.id())).withMtu(o.mtu().orElse(DEFAULT_MTU));
        // Pinning must also keep the bridge from learning a MAC from link-local frames: LLDP's skip nftables.
        host.links().create(new LinkSpec.Bridge(o.bridgeName(), linkOptions, !o.pinAddresses(), o.multicastSnooping()));
        try {
            configureBridge(network, o);
            firewall.networkCreated(firewallNetwork(network, o));
        } catch (RuntimeException e) {
            host.links().deleteIfPresent(o.bridgeName());
            throw e;
        }
        plans.keep(network.id(), network.options(), o);
    }

    private void configureBridge(Network network, BridgeOptions o) {
        RtNetlink host = kernel.host();
        var sysctl = kernel.sysctl(kernel.hostNamespace());
        sysctl.ensure("net.ipv4.ip_forward", "1");
        if (network.ipv6Enabled()) {
            sysctl.ensure("net.ipv6.conf." + o.bridgeName().value().replace('.', '/') + ".disable_ipv6", "0");
            sysctl.ensure("net.ipv6.conf.all.forwarding", "1");
        }
        if (!network.internal()) {
            // Lets the host reach published ports at 127.0.0.1; the firewall's guard chain drops packets that
            // containers send to 127.0.0.0/8.
            sysctl.ensure("net.ipv4.conf." + o.bridgeName().value().replace('.', '/') + ".route_localnet", "1");
        }
        for (Cidr gateway : gatewayAddresses(network, o)) {
            try {
                host.addresses().add(o.bridgeName(), gateway);
            } catch (JnetException e) {
                throw new JnetException(e.kind(), "network " + network.name() + ": gateway " + gateway
                        + " cannot be put on bridge " + o.bridgeName() + ": " + e.getMessage(), e);
            }
        }
    }

    private static List<Cidr> gatewayAddresses(Network network, BridgeOptions o) {
        return network.pools().stream()
                .filter(p -> p.isIpv4() ? o.ipv4Gateway() : o.ipv6Gateway())
                .map(IpamPool::gatewayCidr).flatMap(Optional::stream).toList();
    }

    @Override
    public void deleteNetwork(Network network) {
        BridgeOptions o = options(network);
        firewall.networkDeleted(firewallNetwork(network, o));
        deleteIfOwned(o.bridgeName(), networkMark(network));
        plans.forget(network.id());
    }

    /** Deletes the link only if it carries jnet's mark for this object: never someone else's namesake. */
    private void deleteIfOwned(IfName name, String mark) {
        Optional<Link> link = kernel.host().links().find(name);
        if (link.isPresent() && link.get().alias().equals(mark)) {
            kernel.host().links().deleteIfPresent(name);
        }
    }

    /** The host end of an endpoint's veth: {@code veth} and the first 7 digits of the endpoint id. */
    static IfName hostInterface(Endpoint endpoint) {
        return IfName.of("veth" + endpoint.id().nameDigits());
    }

    @Override
    public JoinResult join(JoinRequest request) {
        Network network = request.network();
        BridgeOptions o = options(network);
        List<PortBinding> ports = BridgePorts.choose(request, o);
        boolean reserved = ports != request.endpoint().ports() && o.publishesHostPorts();
        try {
            Endpoint endpoint = request.endpoint().joinedAs(record(network, o), ports, request.endpoint().ipv4(),
                    request.endpoint().ipv6());
            Optional<IfName> peer = request.leaveInHost() ? Optional.of(peerInHost(endpoint)) : Optional.empty();
            makePort(network, o, endpoint, request.sandbox(), peer);
            SandboxLink link = peer.map(p -> SandboxLink.inHost(endpoint.interfaceName(), p))
                    .orElseGet(() -> SandboxLink.inside(endpoint.interfaceName()));
            return JoinResult.inside(link, endpoint.joinRecord(), ports);
        } catch (RuntimeException e) {
            if (reserved) {
                request.hostPorts().release(ports);
            }
            throw e;
        }
    }

    /** What a join records: the bridge's gateways, the default route unless the network is internal. */
    private static JoinRecord record(Network network, BridgeOptions o) {
        return JoinRecord.gateways(gateway(network, o, false), gateway(network, o, true), !network.internal());
    }

    @Override
    public JoinRecord restoredJoin(Network network, Endpoint endpoint) {
        return record(network, options(network));
    }

    @Override
    public boolean holdsHostPorts(Network network) {
        return options(network).publishesHostPorts();
    }

    /** The sandbox end of a veth left in the host namespace for a runtime to move: {@code vp} and the id's digits. */
    static IfName peerInHost(Endpoint endpoint) {
        return IfName.of("vp" + endpoint.id().nameDigits());
    }

    /**
     * The endpoint's veth, its firewall entries (pins, published ports), and its place on the bridge. The
     * sandbox end goes straight into the sandbox under its final name, or stays in the host namespace as
     * {@code peerInHost}, for the sandbox's runtime to move.
     */
    private void makePort(Network network, BridgeOptions o, Endpoint endpoint, NetNs sandbox, Optional<IfName> peerInHost) {
        IfName hostEnd = hostInterface(endpoint);
        RtNetlink host = kernel.host();
        // Down until IPv6 is off on it (below): a bridge port needs no IPv6 of its own, and its link-local
        // address, routes and DAD made every new veth slower as the host filled (kernel alone, 4,000
        // endpoints: 0.52 -> 0.96 ms per veth with it, 0.52 -> 0.54 without).
        LinkOptions outside = LinkOptions.DEFAULTS.withAlias(endpointMark(endpoint));
        LinkOptions inside = LinkOptions.DEFAULTS.withMac(endpoint.mac());
        if (o.mtu().isPresent()) {
            outside = outside.withMtu(o.mtu().getAsInt());
            inside = inside.withMtu(o.mtu().getAsInt());
        }
        FirewallNetwork rulesNetwork = firewallNetwork(network, o);
        FirewallEndpoint rulesEndpoint = firewallEndpoint(endpoint);
        // The endpoint's firewall batch (pins, published ports) names the port but does not need it: it runs
        // while the veth is made, and is in place before the port joins the bridge.
        BackgroundStep rules = BackgroundStep.start("jnet-firewall-" + hostEnd,
                () -> firewall.endpointJoined(rulesNetwork, rulesEndpoint));
        try {
            LinkSpec.Veth veth = peerInHost.map(p -> new LinkSpec.Veth(hostEnd, p))
                    .orElseGet(() -> new LinkSpec.Veth(hostEnd, endpoint.interfaceName()).withPeerIn(sandbox));
            host.links().create(veth.withOptions(outside, inside));
        } catch (RuntimeException e) {
            throw undoJoin(e, Optional.empty(), rules.await().isEmpty(), rulesNetwork, rulesEndpoint);
        }
        Optional<RuntimeException> refused = rules.await();
        if (refused.isPresent()) {
            throw undoJoin(refused.get(), Optional.of(hostEnd), false, rulesNetwork, rulesEndpoint);
        }
        try {
            kernel.sysctl(kernel.hostNamespace()).writeIfPresent("net.ipv6.conf." + hostEnd.value() + ".disable_ipv6", "1");
            host.links().setMasterAndUp(hostEnd, o.bridgeName());
        } catch (RuntimeException e) {
            RuntimeException failure = e instanceof KernelException k && k.is(Errno.EXFULL)
                    ? JnetException.conflict("network " + network.name() + " is full: its bridge " + o.bridgeName()
                            + " has the " + MAX_BRIDGE_PORTS + " ports a Linux bridge can take; connect the sandbox to another "
                            + "network (" + e.getMessage() + ")")
                    : e;
            throw undoJoin(failure, Optional.of(hostEnd), true, rulesNetwork, rulesEndpoint);
        }
    }

    /**
     * Undoes a failed join: the veth, if this join made it (a namesake that made the create fail is not
     * jnet's), and the firewall's elements, if they were added.
     */
    private RuntimeException undoJoin(RuntimeException failure, Optional<IfName> veth, boolean rulesAdded,
                                      FirewallNetwork network, FirewallEndpoint endpoint) {
        veth.ifPresent(kernel.host().links()::deleteIfPresent);
        if (rulesAdded) {
            firewall.endpointLeft(network, endpoint);
        }
        return failure;
    }

    /** The bridge's address in the first subnet of the family, unless the bridge carries none there. */
    private static Optional<InetAddress> gateway(Network network, BridgeOptions o, boolean ipv6) {
        if (ipv6 ? !o.ipv6Gateway() : !o.ipv4Gateway()) {
            return Optional.empty();
        }
        return (ipv6 ? network.ipv6() : network.ipv4()).stream().map(IpamPool::gateway).flatMap(Optional::stream)
                .findFirst();
    }

    @Override
    public void leave(Network network, Endpoint endpoint, NetNs sandbox) {
        firewall.endpointLeft(firewallNetwork(network, options(network)), firewallEndpoint(endpoint)); // first: a failure keeps the link
        deleteIfOwned(hostInterface(endpoint), endpointMark(endpoint));
    }

    /** Re-creates a missing bridge, or puts back gateway addresses that were removed from it. */
    @Override
    public boolean ensureNetwork(Network network) {
        BridgeOptions o = options(network);
        IfName name = o.bridgeName();
        Optional<Link> existing = kernel.host().links().find(name);
        if (existing.isPresent()) {
            if (!existing.get().alias().equals(networkMark(network))) {
                throw JnetException.conflict("link " + name + " exists but is not jnet's bridge for network "
                        + network.name() + " (its alias is '" + existing.get().alias() + "'); remove or rename it");
            }
            List<Cidr> missing = missingGateways(network, o, existing.get());
            missing.forEach(gateway -> kernel.host().addresses().add(existing.get().index(), gateway));
            return !missing.isEmpty();
        }
        createNetwork(network, o);
        return true;
    }

    private List<Cidr> missingGateways(Network network, BridgeOptions o, Link bridge) {
        List<Cidr> wanted = gatewayAddresses(network, o);
        if (wanted.isEmpty()) {
            return List.of();
        }
        // Only the families wanted: every veth on the host has an IPv6 link-local address, and ten networks
        // with 10,000 endpoints made a start-up read 100,000 addresses it did not need.
        Set<Cidr> present = wanted.stream().map(Cidr::isIpv4).distinct()
                .flatMap(v4 -> kernel.host().addresses().list(!v4).stream())
                .filter(a -> a.index() == bridge.index()).map(Address::cidr).collect(Collectors.toSet());
        return wanted.stream().filter(g -> !present.contains(g)).toList();
    }

    @Override
    public Optional<String> networkDrift(Network network) {
        BridgeOptions o = options(network);
        Optional<Link> bridge = kernel.host().links().find(o.bridgeName());
        if (bridge.isEmpty() || !bridge.get().alias().equals(networkMark(network))) {
            return Optional.of("bridge " + o.bridgeName() + " of network " + network.name() + " is missing");
        }
        List<Cidr> missing = missingGateways(network, o, bridge.get());
        return missing.isEmpty() ? Optional.empty() : Optional.of("gateway " + missing.stream().map(Cidr::toString)
                .collect(Collectors.joining(", ")) + " of network " + network.name() + " is missing from bridge " + o.bridgeName());
    }

    @Override
    public void reconcileAll(List<Network> networks, List<Endpoint> endpoints) {
        firewall.rebuild(firewallState(networks, endpoints));
    }

    @Override
    public void removeShared() {
        firewall.removeAll();
    }

    @Override
    public List<String> sharedStateDrift(List<Network> networks, List<Endpoint> endpoints) {
        return firewall.drift(firewallState(networks, endpoints));
    }

    private Map<FirewallNetwork, List<FirewallEndpoint>> firewallState(List<Network> networks, List<Endpoint> endpoints) {
        Map<NetworkId, List<FirewallEndpoint>> byNetwork = endpoints.stream().collect(
                Collectors.groupingBy(Endpoint::network, Collectors.mapping(BridgeDriver::firewallEndpoint, Collectors.toList())));
        Map<FirewallNetwork, List<FirewallEndpoint>> rules = new LinkedHashMap<>();
        for (Network n : networks) {
            rules.put(firewallNetwork(n, options(n)), byNetwork.getOrDefault(n.id(), List.of()));
        }
        return rules;
    }

    static FirewallNetwork firewallNetwork(Network network, BridgeOptions o) {
        return new FirewallNetwork(o.bridgeName(), o.icc(), o.masquerade(),
                FirewallNetwork.GatewayMode.parse(o.gatewayModeIpv4()),
                FirewallNetwork.GatewayMode.parse(o.gatewayModeIpv6()), network.internal(), o.pinAddresses());
    }

    static FirewallEndpoint firewallEndpoint(Endpoint e) {
        return new FirewallEndpoint(hostInterface(e), e.mac(), e.ipv4().map(Cidr::address), e.ipv6().map(Cidr::address),
                e.ports());
    }

    @Override
    public boolean isJoined(Network network, Endpoint endpoint, NetNs sandbox) {
        Optional<Link> bridge = kernel.host().links().find(options(network).bridgeName());
        Optional<Link> hostEnd = kernel.host().links().find(hostInterface(endpoint));
        return bridge.isPresent() && bridge.get().alias().equals(networkMark(network))
                && hostEnd.isPresent() && hostEnd.get().masterIndex() == bridge.get().index()
                && kernel.in(sandbox).links().find(endpoint.interfaceName()).isPresent();
    }

    /**
     * One look at the host's links for all: an endpoint is joined when its network's bridge (with the
     * network's mark) is there and its host-side veth is a port of it. The sandbox's end needs no look of
     * its own: a veth's ends live and die together, and the caller left out sandboxes whose namespace is
     * new. Unlike {@link #isJoined}, an interface renamed by hand inside the sandbox goes unnoticed.
     */
    @Override
    public Set<EndpointId> joined(List<Attachment> attachments, List<Link> hostLinks) {
        Map<IfName, Link> byName = new HashMap<>();
        hostLinks.forEach(l -> byName.put(l.name(), l));
        Map<NetworkId, Integer> bridges = new HashMap<>(); // a network's bridge index, 0 if it has none
        Set<EndpointId> joined = new HashSet<>();
        for (Attachment a : attachments) {
            int bridge = bridges.computeIfAbsent(a.network().id(), id -> {
                Link link = byName.get(options(a.network()).bridgeName());
                return link != null && link.alias().equals(networkMark(a.network())) ? link.index() : 0;
            });
            Link hostEnd = byName.get(hostInterface(a.endpoint()));
            if (bridge != 0 && hostEnd != null && hostEnd.masterIndex() == bridge) {
                joined.add(a.endpoint().id());
            }
        }
        return joined;
    }

    static String networkMark(Network network) {
        return OWNER_MARK + "network:" + network.id();
    }

    static String endpointMark(Endpoint endpoint) {
        return OWNER_MARK + "endpoint:" + endpoint.id();
    }
}

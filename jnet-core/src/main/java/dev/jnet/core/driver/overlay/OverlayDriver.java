package dev.jnet.core.driver.overlay;

import dev.jnet.core.driver.Capabilities;
import dev.jnet.core.driver.Driver;
import dev.jnet.core.driver.JoinRequest;
import dev.jnet.core.driver.JoinResult;
import dev.jnet.core.driver.NetworkPlan;
import dev.jnet.core.driver.Plans;
import dev.jnet.core.driver.SandboxLink;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.JoinRecord;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.Scope;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.Kernel;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.rtnl.LinkSpec;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Docker's overlay driver: networks that reach every host of the cluster over VXLAN. Its networks are
 * global (their records, subnets, VXLAN ids and endpoints live in the cluster store; see jnet-cluster), and
 * each host makes their data path here ({@link OverlayDataPath}). Endpoints get an address of the network's
 * one IPv4 subnet and the embedded resolver, but no default route: the network reaches its other endpoints,
 * not the outside world. The controller gives its sandboxes a way out, and their published ports, through the
 * host's gateway bridge ({@link Capabilities#wantsGatewayBridge}).
 */
public final class OverlayDriver implements Driver {
    public static final String NAME = "overlay";
    private static final System.Logger LOG = System.getLogger(OverlayDriver.class.getName());

    private final OverlayDataPath path;
    private final InetAddress advertiseAddress;
    private final int underlayMtu;
    private final VxlanIds vxlanIds;
    private final Plans<OverlayOptions> plans;

    /**
     * An overlay driver for a host whose other hosts reach it on {@code advertiseAddress}, over an underlay
     * of {@code underlayMtu} (the smallest of the cluster's hosts, so that no packet is too large anywhere),
     * taking its networks' VXLAN ids from {@code vxlanIds}.
     */
    public OverlayDriver(Kernel kernel, InetAddress advertiseAddress, int underlayMtu, VxlanIds vxlanIds) {
        this.path = new OverlayDataPath(kernel);
        this.advertiseAddress = advertiseAddress;
        this.underlayMtu = underlayMtu;
        this.vxlanIds = vxlanIds;
        this.plans = new Plans<>(n -> OverlayOptions.parse(stored(n), defaultMtu()));
    }

    private int defaultMtu() {
        return underlayMtu - OverlaySpec.overhead(advertiseAddress);
    }

    private static Map<String, String> stored(Network network) {
        Map<String, String> options = new HashMap<>(network.options());
        options.putAll(network.driverData());
        return options;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Capabilities capabilities() {
        // its join makes the veth and bridges its end; peers learn the endpoint from the cluster, not from the join
        return new Capabilities(Scope.GLOBAL, Scope.GLOBAL, true, false, false, true, Capabilities.Namespace.OWN, false, true,
                true);
    }

    @Override
    public NetworkPlan plan(NetworkId id, NetworkSpec spec) {
        return OverlayOptions.parse(spec.options(), defaultMtu(), vxlanIds, id);
    }

    /** The create did not happen: the VXLAN id the plan claimed goes back. */
    @Override
    public void discardPlan(NetworkId id, NetworkPlan plan) {
        vxlanIds.discard(id, ((OverlayOptions) plan).vni());
    }

    @Override
    public void createNetwork(Network network, NetworkPlan plan) {
        OverlayOptions o = (OverlayOptions) plan;
        OverlaySpec spec = spec(network, o);
        try {
            path.ensureNetwork(spec);
        } catch (RuntimeException e) {
            path.deleteNetwork(spec);
            throw e;
        }
        plans.keep(network.id(), network.options(), o);
    }

    /** What the data path needs of {@code network}: its key, VXLAN id, gateway, this host's address and the MTU. */
    OverlaySpec spec(Network network, OverlayOptions o) {
        if (network.ipv4().size() != 1 || network.ipv4().getFirst().gateway().isEmpty()) {
            throw JnetException.invalid("overlay network " + network.name() + " needs exactly one IPv4 subnet with a gateway");
        }
        IpamPool pool = network.ipv4().getFirst();
        Cidr gateway = new Cidr(pool.gateway().get(), pool.subnet().prefixLength());
        return new OverlaySpec(network.id().shortId(), o.vni(), gateway, advertiseAddress, LinkSpec.Vxlan.IANA_PORT, o.mtu());
    }

    private OverlaySpec spec(Network network) {
        return spec(network, plans.of(network));
    }

    @Override
    public void deleteNetwork(Network network) {
        OverlayOptions o = plans.of(network);
        path.deleteNetwork(spec(network, o));
        vxlanIds.release(network.id(), o.vni());
        plans.forget(network.id());
    }

    @Override
    public JoinResult join(JoinRequest request) {
        Network network = request.network();
        Endpoint endpoint = request.endpoint();
        OverlaySpec spec = spec(network);
        IfName bridgeEnd = bridgeEnd(endpoint);
        if (request.leaveInHost()) { // for a runtime that moves it in itself: made in the host namespace
            IfName hostName = IfName.of("ov" + endpoint.id().nameDigits());
            path.attach(spec, path.hostNamespace(), hostName, bridgeEnd, endpoint.mac());
            return JoinResult.inside(SandboxLink.inHost(endpoint.interfaceName(), hostName),
                    JoinRecord.NONE.awaitingMoveAs(hostName), List.of());
        }
        path.attach(spec, request.sandbox(), endpoint.interfaceName(), bridgeEnd, endpoint.mac());
        return JoinResult.inside(SandboxLink.inside(endpoint.interfaceName()), JoinRecord.NONE, List.of());
    }

    /** The endpoint's veth end on the network's bridge. */
    private static IfName bridgeEnd(Endpoint endpoint) {
        return IfName.of("ve" + endpoint.id().nameDigits());
    }

    /** Both ends of the endpoint's veth go (deleting one deletes its peer, wherever it is). */
    @Override
    public void leave(Network network, Endpoint endpoint, NetNs sandbox) {
        path.detach(spec(network), bridgeEnd(endpoint));
    }

    @Override
    public boolean ensureNetwork(Network network) {
        return path.ensureNetwork(spec(network));
    }

    @Override
    public Optional<NetNs> gatewayNamespace(Network network) {
        return path.findNamespace(spec(network));
    }

    @Override
    public boolean isJoined(Network network, Endpoint endpoint, NetNs sandbox) {
        return path.hasEndpoint(spec(network), bridgeEnd(endpoint));
    }

    /** The namespaces of overlay networks this host no longer has go (one removed while jnetd was down). */
    @Override
    public void reconcileAll(List<Network> networks, List<dev.jnet.core.model.Endpoint> endpoints) {
        Set<String> kept = new java.util.HashSet<>();
        networks.forEach(n -> kept.add(OverlaySpec.namespaceName(n.id().shortId())));
        for (String name : path.removeOtherNamespaces(kept)) {
            LOG.log(System.Logger.Level.INFO, "overlay: removed namespace " + name + " of a network this host no longer has");
        }
    }

    /** Brings the network's remote endpoints (on other hosts) in line with {@code desired}. */
    public PeerChanges programPeers(Network network, Set<RemoteEndpoint> desired) {
        return path.programPeers(spec(network), desired);
    }
}

package dev.jnet.cluster;

import dev.jnet.cluster.etcd.EtcdStore;
import dev.jnet.core.driver.overlay.OverlayDriver;
import dev.jnet.core.ipam.Ipam;
import dev.jnet.kernel.Kernel;
import dev.jnet.kernel.rtnl.Address;
import dev.jnet.kernel.rtnl.Link;

import java.util.Optional;

/**
 * What a host of a cluster runs beside its controller: the store, its membership, the cluster's IPAM for
 * global networks and the overlay driver. Made before the controller (which takes the IPAM and the driver),
 * closed after it.
 */
public final class ClusterHost implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClusterHost.class.getName());
    private static final int DEFAULT_UNDERLAY_MTU = 1500;

    private final EtcdStore store;
    private final Membership membership;
    private final ClusterIpam ipam;
    private final OverlayDriver overlay;
    private final String hostId;
    private volatile ClusterSync sync;

    private ClusterHost(EtcdStore store, Membership membership, ClusterIpam ipam, OverlayDriver overlay, String hostId) {
        this.hostId = hostId;
        this.store = store;
        this.membership = membership;
        this.ipam = ipam;
        this.overlay = overlay;
    }

    /** Connects to the store and joins the cluster as {@code hostId}; fails if another process has that id. */
    public static ClusterHost join(ClusterConfig config, String hostId, Kernel kernel) {
        EtcdStore store = EtcdStore.connect(config.store());
        try {
            Membership membership = Membership.join(store, config, hostId);
            GlobalIpam global = new GlobalIpam(store);
            OverlayDriver overlay = new OverlayDriver(kernel, config.advertiseAddress(), underlayMtu(kernel, config),
                    new ClusterVxlanIds(global));
            return new ClusterHost(store, membership, new ClusterIpam(global, hostId), overlay, hostId);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The MTU of the link that holds the advertise address (the underlay), or 1500 if none does. */
    private static int underlayMtu(Kernel kernel, ClusterConfig config) {
        Optional<Integer> mtu = kernel.host().addresses().list().stream()
                .filter(a -> a.cidr().address().equals(config.advertiseAddress())).map(Address::index).findFirst()
                .flatMap(index -> kernel.host().links().find(index)).map(Link::mtu);
        if (mtu.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "cluster: no link of this host has the advertise address "
                    + config.advertiseAddress().getHostAddress() + "; overlay networks assume an underlay MTU of " + DEFAULT_UNDERLAY_MTU);
        }
        return mtu.orElse(DEFAULT_UNDERLAY_MTU);
    }

    public Membership membership() {
        return membership;
    }

    /** The controller's IPAM for global networks. */
    public Ipam ipam() {
        return ipam;
    }

    public OverlayDriver overlayDriver() {
        return overlay;
    }

    /**
     * Starts following the cluster with {@code controller} (which took {@link #ipam} and {@link #overlayDriver}):
     * global networks made, removed and joined elsewhere appear here, and the other way round. The last
     * listings followed are kept in {@code stateDirectory}, for a start while the store is away.
     */
    public void attach(dev.jnet.core.controller.Controller controller, java.nio.file.Path stateDirectory) {
        sync = ClusterSync.start(store, ipam.global(), controller, overlay, hostId,
                stateDirectory.resolve(ClusterSnapshot.FILE));
    }

    @Override
    public void close() {
        ClusterSync s = sync;
        if (s != null) {
            s.close();
        }
        membership.close();
        store.close();
    }
}

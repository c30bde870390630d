package dev.jnet.core.driver.overlay;

import dev.jnet.kernel.Kernel;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.rtnl.FdbEntry;
import dev.jnet.kernel.rtnl.LinkOptions;
import dev.jnet.kernel.rtnl.LinkSpec;
import dev.jnet.kernel.rtnl.Links;
import dev.jnet.kernel.rtnl.Neighbour;
import dev.jnet.kernel.rtnl.Neighbours;
import dev.jnet.kernel.rtnl.RtNetlink;
import dev.jnet.net.IfName;
import dev.jnet.net.MacAddress;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An overlay network's kernel objects on this host (see the package description). Every method is
 * idempotent: {@link #ensureNetwork} makes what is missing, {@link #programPeers} brings the remote
 * endpoints in line with a desired set, whatever the kernel held before.
 */
public final class OverlayDataPath {
    private final Kernel kernel;

    public OverlayDataPath(Kernel kernel) {
        this.kernel = kernel;
    }

    /** The network's namespace, its bridge and its VXLAN device, made where missing; whether anything was. */
    public boolean ensureNetwork(OverlaySpec spec) {
        boolean made = false;
        Optional<NetNs> found = kernel.namespaces().find(spec.namespaceName());
        NetNs ns = found.orElseGet(() -> kernel.createNamespace(spec.namespaceName()));
        made |= found.isEmpty();
        Links links = kernel.in(ns).links();
        if (links.find(OverlaySpec.BRIDGE).isEmpty()) {
            links.create(new LinkSpec.Bridge(OverlaySpec.BRIDGE, LinkOptions.DEFAULTS.withMtu(spec.mtu())));
            kernel.in(ns).addresses().add(OverlaySpec.BRIDGE, spec.gateway());
            links.setUp(OverlaySpec.BRIDGE);
            made = true;
        }
        if (links.find(OverlaySpec.VXLAN).isEmpty()) {
            makeVxlan(spec, ns);
            made = true;
        }
        return made;
    }

    /**
     * The network's namespace, as {@link #ensureNetwork} made it (NOT_FOUND if it is gone: reconciliation makes
     * it again, so a join or a peer update does not check the whole network first).
     */
    private NetNs namespace(OverlaySpec spec) {
        return kernel.namespaces().open(spec.namespaceName());
    }

    /** The network's namespace, if it is there. */
    Optional<NetNs> findNamespace(OverlaySpec spec) {
        return kernel.namespaces().find(spec.namespaceName());
    }

    /** The namespace that plays the host (where a runtime that moves interfaces itself finds them). */
    NetNs hostNamespace() {
        return kernel.hostNamespace();
    }

    /** Whether the network's namespace holds {@code bridgeEnd}, an endpoint's end on the bridge. */
    public boolean hasEndpoint(OverlaySpec spec, IfName bridgeEnd) {
        return kernel.namespaces().find(spec.namespaceName()).map(ns -> kernel.in(ns).links().find(bridgeEnd).isPresent())
                .orElse(false);
    }

    /**
     * Makes the VXLAN device in the host namespace, where its UDP socket must be (it stays there after the
     * move), then moves it into the network's namespace and puts it on the bridge without learning.
     */
    private void makeVxlan(OverlaySpec spec, NetNs ns) {
        Links host = kernel.host().links();
        IfName temporary = spec.vxlanInHost();
        host.deleteIfPresent(temporary); // a leftover of a move that failed half way
        host.create(new LinkSpec.Vxlan(temporary, spec.vni(), Optional.of(spec.local()), spec.port(), Optional.empty(),
                false, true, LinkOptions.DEFAULTS.withMtu(spec.mtu())));
        try {
            host.moveTo(temporary, ns);
        } catch (RuntimeException e) {
            host.deleteIfPresent(temporary);
            throw e;
        }
        Links links = kernel.in(ns).links();
        links.rename(temporary, OverlaySpec.VXLAN);
        links.setMaster(OverlaySpec.VXLAN, OverlaySpec.BRIDGE);
        links.setBridgePortLearning(OverlaySpec.VXLAN, false);
        links.setUp(OverlaySpec.VXLAN);
    }

    /** Removes the network's namespace with its bridge, VXLAN device and endpoint ends; nothing if gone. */
    public void deleteNetwork(OverlaySpec spec) {
        deleteNamespace(spec.namespaceName());
        kernel.host().links().deleteIfPresent(spec.vxlanInHost());
    }

    private void deleteNamespace(String name) {
        kernel.namespaces().find(name).ifPresent(ns -> {
            // The kernel tears a deleted namespace's devices down later, in the background; until then the
            // VXLAN id stays taken in the host namespace (where the device's socket is), and a new network
            // with that id would fail to make its device. Deleted first, it is free at once.
            kernel.in(ns).links().deleteIfPresent(OverlaySpec.VXLAN);
            kernel.deleteNamespace(ns);
        });
    }

    /**
     * Removes the namespaces of overlay networks that are not {@code kept} (by namespace name): a network
     * removed while this host's jnetd was not running, or a crash in the middle of a create. Only names shaped
     * like an overlay network's ({@code ov-} and 12 hex digits) are jnet's to remove. Returns the removed names.
     */
    public java.util.List<String> removeOtherNamespaces(Set<String> kept) {
        java.util.List<String> removed = new java.util.ArrayList<>();
        for (String name : kernel.namespaces().list()) {
            if (name.matches("ov-[0-9a-f]{12}") && !kept.contains(name)) {
                deleteNamespace(name);
                removed.add(name);
            }
        }
        return removed;
    }

    /**
     * A veth from the network's bridge into {@code sandbox}: {@code bridgeEnd} on the bridge, {@code name}
     * (with {@code mac}) in the sandbox (or in the host namespace, for a runtime that moves it itself), both at
     * the overlay's MTU. The sandbox side gets its address from the caller.
     */
    public void attach(OverlaySpec spec, NetNs sandbox, IfName name, IfName bridgeEnd, MacAddress mac) {
        NetNs ns = namespace(spec);
        Links links = kernel.in(ns).links();
        LinkOptions mtu = LinkOptions.DEFAULTS.withMtu(spec.mtu());
        links.create(new LinkSpec.Veth(bridgeEnd, name).withPeerIn(sandbox).withOptions(mtu, mtu.withMac(mac)));
        try {
            links.setMasterAndUp(bridgeEnd, OverlaySpec.BRIDGE);
        } catch (RuntimeException e) {
            links.deleteIfPresent(bridgeEnd);
            throw e;
        }
    }

    /** Removes an endpoint's veth (both ends go); nothing if it is gone. */
    public void detach(OverlaySpec spec, IfName bridgeEnd) {
        kernel.namespaces().find(spec.namespaceName()).ifPresent(ns -> kernel.in(ns).links().deleteIfPresent(bridgeEnd));
    }

    /**
     * Makes the VXLAN device's static entries exactly {@code desired}: a permanent neighbour (address to MAC)
     * and a permanent FDB row (MAC to host) for each, written with replace where missing or different, and
     * every other permanent row removed (a stale endpoint of a host that left, a row someone added).
     */
    public PeerChanges programPeers(OverlaySpec spec, Set<RemoteEndpoint> desired) {
        NetNs ns = namespace(spec);
        RtNetlink rtnl = kernel.in(ns);
        int vxlan = rtnl.links().indexOf(OverlaySpec.VXLAN);
        Neighbours neighbours = rtnl.neighbours();
        Map<InetAddress, MacAddress> wantedNeighbours = new HashMap<>();
        Map<MacAddress, InetAddress> wantedFdb = new HashMap<>();
        for (RemoteEndpoint r : desired) {
            wantedNeighbours.put(r.address(), r.mac());
            wantedFdb.put(r.mac(), r.host());
        }
        int written = 0;
        int removed = 0;
        Map<MacAddress, InetAddress> fdb = new HashMap<>();
        for (FdbEntry e : neighbours.listFdb(vxlan)) {
            if (!e.onMaster() && e.destination().isPresent() && (e.state() & Neighbour.PERMANENT) != 0) {
                if (wantedFdb.containsKey(e.mac())) {
                    fdb.put(e.mac(), e.destination().get());
                } else {
                    neighbours.deleteFdb(e);
                    removed++;
                }
            }
        }
        for (Map.Entry<MacAddress, InetAddress> w : wantedFdb.entrySet()) {
            if (!w.getValue().equals(fdb.get(w.getKey()))) {
                neighbours.replaceFdb(FdbEntry.vxlan(vxlan, w.getKey(), w.getValue()));
                written++;
            }
        }
        Map<InetAddress, MacAddress> neigh = new HashMap<>();
        for (Neighbour n : neighbours.list()) {
            if (n.index() == vxlan && n.isPermanent() && n.mac().isPresent()) {
                if (wantedNeighbours.containsKey(n.address())) {
                    neigh.put(n.address(), n.mac().get());
                } else {
                    neighbours.delete(n);
                    removed++;
                }
            }
        }
        for (Map.Entry<InetAddress, MacAddress> w : wantedNeighbours.entrySet()) {
            if (!w.getValue().equals(neigh.get(w.getKey()))) {
                neighbours.replace(Neighbour.permanent(vxlan, w.getKey(), w.getValue()));
                written++;
            }
        }
        return new PeerChanges(written, removed);
    }
}

package dev.jnet.cluster;

import dev.jnet.core.driver.overlay.VxlanIds;
import dev.jnet.core.model.NetworkId;

import java.util.OptionalInt;

/** Overlay networks' VXLAN ids from the cluster's {@link GlobalIpam}: one per global network, from 4096. */
public final class ClusterVxlanIds implements VxlanIds {
    private final GlobalIpam global;

    public ClusterVxlanIds(GlobalIpam global) {
        this.global = global;
    }

    @Override
    public int claim(NetworkId network, OptionalInt requested) {
        return global.allocateVni(network.value(), requested);
    }

    @Override
    public void release(NetworkId network, int vni) {
        global.releaseVni(network.value(), vni);
    }

    @Override
    public void discard(NetworkId network, int vni) {
        global.discardVni(network.value(), vni);
    }
}

package dev.jnet.core.driver.overlay;

import dev.jnet.core.driver.Driver;
import dev.jnet.core.driver.NetworkPlan;
import dev.jnet.core.driver.Options;
import dev.jnet.core.model.NetworkId;
import dev.jnet.error.JnetException;

import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * An overlay network's options, read once: its VXLAN id (Docker's {@code vxlanid_list}, one id for the one
 * subnet; the cluster fills it in when the user gives none) and its MTU (the underlay's less the VXLAN
 * overhead, unless {@code com.docker.network.driver.mtu} says otherwise). Both are stored with the network.
 */
record OverlayOptions(int vni, int mtu) implements NetworkPlan {
    static final String VXLAN_IDS = "com.docker.network.driver.overlay.vxlanid_list";
    static final String MTU = "com.docker.network.driver.mtu";
    private static final Set<String> KNOWN = Set.of(VXLAN_IDS);

    /** The options of a network as stored (its VXLAN id among them). */
    static OverlayOptions parse(Map<String, String> options, int defaultMtu) {
        return parse(options, defaultMtu, VxlanIds.NONE, null);
    }

    /** A create request's options, the VXLAN id claimed from {@code ids} for {@code network}. */
    static OverlayOptions parse(Map<String, String> options, int defaultMtu, VxlanIds ids, NetworkId network) {
        Options o = new Options(options);
        o.onlyKnown("com.docker.network.driver.overlay.", KNOWN);
        OptionalInt mtu = o.integer(MTU, 576, 65_485);
        String given = options.get(VXLAN_IDS);
        OptionalInt requested = OptionalInt.empty();
        if (given != null && !given.isBlank()) {
            if (given.contains(",")) {
                throw JnetException.invalid("option " + VXLAN_IDS + " gives one id per subnet; jnet's overlay networks have"
                        + " one IPv4 subnet, so give one id, not '" + given + "'");
            }
            requested = new Options(Map.of(VXLAN_IDS, given.strip())).integer(VXLAN_IDS, 1, 0xffffff);
        }
        int vni = network == null ? VxlanIds.NONE.claim(null, requested) : ids.claim(network, requested);
        return new OverlayOptions(vni, mtu.orElse(defaultMtu));
    }

    @Override
    public Driver.IpamNeeds ipamNeeds(boolean ipv6) {
        return ipv6 ? Driver.IpamNeeds.NONE : Driver.IpamNeeds.SUBNETS_WITH_GATEWAY;
    }

    @Override
    public Map<String, String> data() {
        return Map.of(VXLAN_IDS, Integer.toString(vni), MTU, Integer.toString(mtu));
    }
}

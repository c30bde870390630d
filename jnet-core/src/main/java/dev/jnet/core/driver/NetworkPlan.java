package dev.jnet.core.driver;

import java.util.Map;

/**
 * A driver's checked reading of a network request ({@link Driver#plan}): made once per request, before
 * anything is allocated. A driver implements it with a record of its own typed options; the controller
 * only asks what IPAM must do and which data to store with the network.
 */
public interface NetworkPlan {
    /** What IPAM should do for one address family of the network. */
    Driver.IpamNeeds ipamNeeds(boolean ipv6);

    /** What the driver keeps with the network ({@link dev.jnet.core.model.Network#driverData}). */
    default Map<String, String> data() {
        return Map.of();
    }

    /** A plan that takes no addresses and stores nothing. */
    NetworkPlan NOTHING = ipv6 -> Driver.IpamNeeds.NONE;
}

package dev.jnet.cluster;

/** Where jnet keeps what in the cluster store: everything under {@code /jnet/v1/}. */
public final class Keys {
    /** The root of jnet's keys; a new layout gets a new version. */
    public static final String ROOT = "/jnet/v1/";
    /** Host records, each under its host's lease. */
    public static final String HOSTS = ROOT + "hosts/";

    /** Global network records, {@code networks/ID}. */
    public static final String NETWORKS = ROOT + "networks/";
    /** Global networks' names, {@code names/NAME}, each holding its network's id. */
    public static final String NAMES = ROOT + "names/";

    /**
     * Where endpoint records were before they became their addresses' claims ({@code ips/}); what is left here
     * from an older jnet is freed by the janitor.
     */
    public static final String OLD_ENDPOINTS = ROOT + "endpoints/";

    /** Subnets of global networks, {@code subnets/10.90.0.0-24}, each holding its network's id. */
    public static final String SUBNETS = ROOT + "subnets/";
    /** Bumped with every subnet written: the optimistic lock of subnet choices (no two may overlap). */
    public static final String SUBNETS_GUARD = ROOT + "subnets-guard";
    /** VXLAN ids of global networks, {@code vnis/4096}, each holding its network's id. */
    public static final String VNIS = ROOT + "vnis/";
    /**
     * VXLAN ids freed lately, {@code vnis-freed/4096}, each holding the network that had it, under a lease of
     * {@link GlobalIpam#VNI_COOLING}: not handed out again meanwhile.
     */
    public static final String FREED_VNIS = ROOT + "vnis-freed/";
    /**
     * Addresses of global networks' endpoints, {@code ips/NETWORK/10.90.0.2}, each holding its endpoint's record
     * (or {@code HOST/UNIQUE} while reserved for an endpoint still to come): {@link AddressHolder}.
     */
    public static final String IPS = ROOT + "ips/";

    private Keys() {}

    public static String subnet(dev.jnet.net.Cidr subnet) {
        return SUBNETS + subnet.address().getHostAddress() + "-" + subnet.prefixLength();
    }

    public static String vni(int vni) {
        return VNIS + vni;
    }

    public static String freedVni(int vni) {
        return FREED_VNIS + vni;
    }

    public static String ips(String networkId) {
        return IPS + networkId + "/";
    }

    public static String ip(String networkId, java.net.InetAddress address) {
        return ips(networkId) + address.getHostAddress();
    }

    public static String network(String networkId) {
        return NETWORKS + networkId;
    }

    public static String name(String networkName) {
        return NAMES + networkName;
    }

    public static String host(String hostId) {
        return HOSTS + hostId;
    }
}

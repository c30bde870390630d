package dev.jnet.cluster;

/** Where jnet keeps what in the cluster store: everything under {@code /jnet/v1/}. */
public final class Keys {
    /** The root of jnet's keys; a new layout gets a new version. */
    public static final String ROOT = "/jnet/v1/";
    /** Host records, each under its host's lease. */
    public static final String HOSTS = ROOT + "hosts/";

    /** Endpoint records of global networks, under {@code endpoints/NETWORK/ENDPOINT}. */
    public static final String ENDPOINTS = ROOT + "endpoints/";

    private Keys() {}

    public static String endpoint(String networkId, String endpointId) {
        return ENDPOINTS + networkId + "/" + endpointId;
    }

    public static String host(String hostId) {
        return HOSTS + hostId;
    }
}

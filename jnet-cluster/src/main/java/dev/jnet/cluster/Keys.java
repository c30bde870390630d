package dev.jnet.cluster;

/** Where jnet keeps what in the cluster store: everything under {@code /jnet/v1/}. */
public final class Keys {
    /** The root of jnet's keys; a new layout gets a new version. */
    public static final String ROOT = "/jnet/v1/";
    /** Host records, each under its host's lease. */
    public static final String HOSTS = ROOT + "hosts/";

    private Keys() {}

    public static String host(String hostId) {
        return HOSTS + hostId;
    }
}

package dev.jnet.cli;

/** API objects as jnetd would send them, for tests against a fake daemon. */
final class Canned {
    static final String WEB_ID = "3f1c2d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff001";
    static final String BRIDGE_ID = "9a8b7c6d5e4f30211203a4b5c6d7e8f90112233445566778899aabbccddeeff0";
    static final String CLIENT_ID = "5e1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8";
    static final String LONELY_ID = "77aa2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8";

    static final String BRIDGE = """
            {"id":"%s","name":"bridge","driver":"bridge","scope":"local","created":"2026-11-28T10:00:00.000Z",
             "internal":false,"attachable":false,"ipv4Enabled":true,"ipv6Enabled":false,
             "ipam":{"ipv4":[{"subnet":"172.17.0.0/16","ipRange":null,"gateway":"172.17.0.1","auxAddresses":{}}],"ipv6":[]},
             "options":{"com.docker.network.bridge.name":"jnet0"},"labels":{},"endpoints":[]}""".formatted(BRIDGE_ID);

    static final String ENDPOINT = """
            {"id":"e1","name":"client","network":"%s","sandbox":"%s","interface":"eth0","ipv4":"172.18.0.2/16",
             "ipv6":"fd00:1::2/64","mac":"02:42:ac:12:00:02","aliases":["db"],"driverOptions":{}}""".formatted(WEB_ID, CLIENT_ID);

    static final String WEB = """
            {"id":"%s","name":"web","driver":"bridge","scope":"local","created":"2026-11-28T10:00:00.123Z",
             "internal":false,"attachable":false,"ipv4Enabled":true,"ipv6Enabled":true,
             "ipam":{"ipv4":[{"subnet":"172.18.0.0/16","ipRange":null,"gateway":"172.18.0.1","auxAddresses":{}}],
                     "ipv6":[{"subnet":"fd00:1::/64","ipRange":null,"gateway":"fd00:1::1","auxAddresses":{}}]},
             "options":{},"labels":{"team":"a"},"endpoints":[%s]}""".formatted(WEB_ID, ENDPOINT);

    static final String CLIENT = """
            {"id":"%s","name":"client","hostname":"5e1a2b3c4d5e","namespace":"/run/jnet/netns/5e1a2b3c4d5e",
             "hostNetwork":false,"created":"2026-11-28T10:00:01.000Z",
             "dns":{"servers":[],"search":[],"options":[]},"extraHosts":[],
             "hostsPath":"/var/lib/jnet/sandboxes/x/hosts","resolvConfPath":"/var/lib/jnet/sandboxes/x/resolv.conf",
             "endpoints":[%s]}""".formatted(CLIENT_ID, ENDPOINT);

    static final String LONELY = """
            {"id":"%s","name":"lonely","hostname":"77aa2b3c4d5e","namespace":"/run/jnet/netns/77aa2b3c4d5e",
             "hostNetwork":false,"created":"2026-11-28T10:00:02.000Z","dns":{"servers":[],"search":[],"options":[]},
             "extraHosts":[],"hostsPath":"h","resolvConfPath":"r","endpoints":[],"runtime":"oci"}""".formatted(LONELY_ID);

    private Canned() {}
}

package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * jnet's embedded resolver: a real jnetd in a throwaway fake host, a bridge network {@value #NETWORK}
 * made through its API, sandboxes {@code web1..webN} and {@code client} connected to it; the client
 * asks 127.0.0.11 inside its own namespace, as every jnet sandbox does. {@link #close()} stops jnetd and
 * removes the sandbox namespaces it left.
 */
final class JnetDns implements DnsTarget {
    static final String NETWORK = "dnsbench";
    private static final String SUBNET = "10.91.0.0/24";

    private final JnetdUnderTest jnetd;
    private final NetNs client;
    private final Map<String, String> addresses;

    private JnetDns(JnetdUnderTest jnetd, NetNs client, Map<String, String> addresses) {
        this.jnetd = jnetd;
        this.client = client;
        this.addresses = Map.copyOf(addresses);
    }

    /** Makes the network and the {@code names} sandboxes plus the client through a started jnetd. */
    static JnetDns create(JnetdUnderTest jnetd, int names) {
        Map<String, String> addresses = new LinkedHashMap<>();
        try (JnetdClient api = new JnetdClient(jnetd.socket())) {
            api.postOk("/v1/networks", """
                    {"name": "%s", "driver": "bridge", "ipv4": [{"subnet": "%s"}]}""".formatted(NETWORK, SUBNET));
            for (int i = 1; i <= names; i++) {
                String name = "web" + i;
                addresses.put(name, join(api, name).path("ipv4").asString().split("/")[0]);
            }
            join(api, "client");
            JsonNode client = api.get("/v1/sandboxes/client").json();
            NetNs namespace = NetNs.at(Path.of(client.path("namespace").asString()));
            return new JnetDns(jnetd, namespace, addresses);
        }
    }

    /** A sandbox named {@code name} connected to the network; the endpoint jnetd made. */
    private static JsonNode join(JnetdClient api, String name) {
        api.postOk("/v1/sandboxes", "{\"name\": \"%s\", \"hostname\": \"%s\"}".formatted(name, name));
        return api.postOk("/v1/networks/" + NETWORK + "/connect", "{\"sandbox\": \"%s\"}".formatted(name));
    }

    @Override
    public String name() {
        return "jnet";
    }

    @Override
    public NetNs client() {
        return client;
    }

    @Override
    public String server() {
        return "127.0.0.11";
    }

    @Override
    public Map<String, String> addresses() {
        return addresses;
    }

    @Override
    public long serverPid() {
        return jnetd.pid();
    }

    @Override
    public void close() {
        jnetd.close();
    }
}

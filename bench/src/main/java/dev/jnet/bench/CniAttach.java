package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The CNI bridge plugin with host-local IPAM, as a CNI runtime runs it: one {@code bridge} process per
 * container with {@code CNI_COMMAND=ADD} and the network configuration on standard input (bridge
 * {@code cnibr0} as the gateway of 10.90.0.0/16, no masquerade, a default route, host-local's state in
 * the run's private directory). bridge runs host-local itself. Both run inside the fake host.
 */
record CniAttach(Path pluginDirectory, ThrowawayNamespaces namespaces) implements AttachMethod {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public String name() {
        return "cni";
    }

    @Override
    public Trial prepare(String label, int containers) {
        PeerHost peerHost = PeerHost.create(namespaces, label, containers);
        byte[] config = config(peerHost.directory().resolve("ipam")).getBytes(StandardCharsets.UTF_8);
        String bridge = pluginDirectory.resolve("bridge").toString();
        AtomicReferenceArray<String> addresses = new AtomicReferenceArray<>(containers);
        return new Trial() {
            @Override
            public List<NetNs> containers() {
                return peerHost.containers();
            }

            @Override
            public Attacher client() {
                return index -> {
                    NetNs container = peerHost.containers().get(index);
                    Map<String, String> environment = Map.of("CNI_COMMAND", "ADD",
                            "CNI_CONTAINERID", "%064x".formatted(index + 1L), "CNI_NETNS", container.path().toString(),
                            "CNI_IFNAME", "eth0", "CNI_PATH", pluginDirectory.toString());
                    String result = Processes.runPiped(peerHost.inHost(List.of(bridge)), environment, config);
                    JsonNode ips = JSON.readTree(result).path("ips");
                    if (ips.isEmpty()) {
                        throw new BenchmarkException("the bridge plugin gave container " + index + " no address: " + result);
                    }
                    addresses.set(index, ips.get(0).path("address").asString());
                };
            }

            @Override
            public String address(int index) {
                return addresses.get(index);
            }

            @Override
            public void close() {
                peerHost.close();
            }
        };
    }

    private static String config(Path ipamDirectory) {
        return """
                {
                  "cniVersion": "1.0.0", "name": "bench", "type": "bridge", "bridge": "cnibr0",
                  "isGateway": true, "ipMasq": false,
                  "ipam": {
                    "type": "host-local", "dataDir": "%s",
                    "ranges": [[{"subnet": "10.90.0.0/16", "gateway": "10.90.0.1"}]],
                    "routes": [{"dst": "0.0.0.0/0"}]
                  }
                }
                """.formatted(ipamDirectory);
    }
}

package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * netavark 1.4 as podman runs it: one {@code netavark --config DIR setup NETNS} process per container,
 * with the network options on standard input (a bridge network {@code nvbr0} with 10.89.0.0/16, DNS off,
 * and the container's static address, which podman's own IPAM would have chosen). It runs inside the
 * fake host, so its bridge, veths, sysctls and iptables rules land there.
 */
record NetavarkAttach(Path netavark, ThrowawayNamespaces namespaces) implements AttachMethod {
    private static final String NETWORK_ID = "6a6e657462656e63686e6574617661726b6e6574776f726b3031323334353637";

    /**
     * Environment: no D-Bus, so netavark cannot reach a firewalld of the machine (as netavark's own tests
     * run it in a namespace); iptables is netavark 1.4's default firewall driver.
     */
    static final Map<String, String> ENVIRONMENT = Map.of("DBUS_SYSTEM_BUS_ADDRESS", "");

    @Override
    public String name() {
        return "netavark";
    }

    @Override
    public Trial prepare(String label, int containers) {
        if (containers > 65_000) {
            throw new BenchmarkException("at most 65,000 containers fit in netavark's /16");
        }
        PeerHost peerHost = PeerHost.create(namespaces, label, containers);
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
                    String address = staticAddress(index);
                    Processes.runPiped(peerHost.inHost(List.of(netavark.toString(), "--config",
                            peerHost.directory().toString(), "setup", container.path().toString())),
                            ENVIRONMENT, options(index, "bench-" + index, address, false).getBytes(StandardCharsets.UTF_8));
                    addresses.set(index, address + "/16");
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

    /** Container {@code index}'s static address, counting from 10.89.0.2. */
    static String staticAddress(int index) {
        int host = index + 2;
        return "10.89.%d.%d".formatted(host >> 8, host & 0xff);
    }

    /**
     * The network options podman passes for one container on one bridge network (gateway 10.89.0.1); with
     * {@code dnsEnabled}, netavark gives the network an aardvark-dns that answers {@code name}.
     */
    static String options(int index, String name, String address, boolean dnsEnabled) {
        String containerId = "%064x".formatted(index + 1L);
        return """
                {
                  "container_id": "%s",
                  "container_name": "%s",
                  "networks": {"bench": {"interface_name": "eth0", "static_ips": ["%s"]}},
                  "network_info": {
                    "bench": {
                      "name": "bench", "id": "%s", "driver": "bridge", "network_interface": "nvbr0",
                      "subnets": [{"subnet": "10.89.0.0/16", "gateway": "10.89.0.1"}],
                      "ipv6_enabled": false, "internal": false, "dns_enabled": %b,
                      "ipam_options": {"driver": "host-local"}
                    }
                  }
                }
                """.formatted(containerId, name, address, NETWORK_ID, dnsEnabled);
    }
}

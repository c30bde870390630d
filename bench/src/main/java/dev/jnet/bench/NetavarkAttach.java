package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;
import dev.jnet.net.IfName;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * netavark 1.4 as podman runs it: one {@code netavark --config DIR setup NETNS} process per container,
 * with the network options on standard input and the container's static address, which podman's own IPAM
 * would have chosen (netavark's {@code host-local} means just that: without {@code static_ips} it fails with
 * {@code no static ips provided}). On a bridge network {@code nvbr0} with 10.89.0.0/16, DNS off; or, with
 * {@link AttachDriver#MACVLAN}, on a macvlan network with 10.91.0.0/16 (gateway 10.91.0.1, mode bridge) whose
 * parent {@code nvmv0} is a veth made in the fake host for the run. It runs inside the fake host, so its
 * bridge, veths, sysctls and iptables rules land there.
 */
record NetavarkAttach(Path netavark, ThrowawayNamespaces namespaces, NetnsExecutor executor, AttachDriver driver)
        implements AttachMethod {
    private static final String NETWORK_ID = "6a6e657462656e63686e6574617661726b6e6574776f726b3031323334353637";
    private static final IfName MACVLAN_PARENT = IfName.of("nvmv0");
    private static final int BRIDGE_SECOND_OCTET = 89;
    private static final int MACVLAN_SECOND_OCTET = 91;

    /**
     * Environment: no D-Bus, so netavark cannot reach a firewalld of the machine (as netavark's own tests
     * run it in a namespace); iptables is netavark 1.4's default firewall driver.
     */
    static final Map<String, String> ENVIRONMENT = Map.of("DBUS_SYSTEM_BUS_ADDRESS", "");

    @Override
    public String name() {
        return "netavark" + driver.suffix();
    }

    @Override
    public Trial prepare(String label, int containers) {
        if (containers > 65_000) {
            throw new BenchmarkException("at most 65,000 containers fit in netavark's /16");
        }
        PeerHost peerHost = PeerHost.create(namespaces, label, containers);
        Optional<MacvlanParent> parent;
        try {
            parent = switch (driver) {
                case BRIDGE -> Optional.empty();
                case MACVLAN -> Optional.of(MacvlanParent.create(executor, peerHost.host(), MACVLAN_PARENT));
            };
        } catch (RuntimeException e) {
            peerHost.close();
            throw e;
        }
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
                    String address = switch (driver) {
                        case BRIDGE -> staticAddress(index);
                        case MACVLAN -> staticAddress(MACVLAN_SECOND_OCTET, index);
                    };
                    String options = switch (driver) {
                        case BRIDGE -> options(index, "bench-" + index, address, false);
                        case MACVLAN -> macvlanOptions(index, address);
                    };
                    Processes.runPiped(peerHost.inHost(List.of(netavark.toString(), "--config",
                            peerHost.directory().toString(), "setup", container.path().toString())),
                            ENVIRONMENT, options.getBytes(StandardCharsets.UTF_8));
                    addresses.set(index, address + "/16");
                };
            }

            @Override
            public AttachDriver driver() {
                return driver;
            }

            @Override
            public String address(int index) {
                return addresses.get(index);
            }

            /** Deletes the parent (its children are in the containers), then the containers and the fake host. */
            @Override
            public void close() {
                try {
                    parent.ifPresent(MacvlanParent::close);
                } finally {
                    peerHost.close();
                }
            }
        };
    }

    /** Container {@code index}'s static address on the bridge network, counting from 10.89.0.2. */
    static String staticAddress(int index) {
        return staticAddress(BRIDGE_SECOND_OCTET, index);
    }

    private static String staticAddress(int second, int index) {
        int host = index + 2;
        return "10.%d.%d.%d".formatted(second, host >> 8, host & 0xff);
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

    /**
     * The network options podman passes for one container on a macvlan network: {@code network_interface}
     * is the parent, {@code options.mode} the macvlan mode (netavark's default is bridge too).
     */
    private static String macvlanOptions(int index, String address) {
        String containerId = "%064x".formatted(index + 1L);
        return """
                {
                  "container_id": "%s",
                  "container_name": "bench-%d",
                  "networks": {"bench": {"interface_name": "eth0", "static_ips": ["%s"]}},
                  "network_info": {
                    "bench": {
                      "name": "bench", "id": "%s", "driver": "macvlan", "network_interface": "%s",
                      "subnets": [{"subnet": "10.%d.0.0/16", "gateway": "10.%d.0.1"}],
                      "ipv6_enabled": false, "internal": false, "dns_enabled": false,
                      "ipam_options": {"driver": "host-local"}, "options": {"mode": "bridge"}
                    }
                  }
                }
                """.formatted(containerId, index, address, NETWORK_ID, MACVLAN_PARENT.value(), MACVLAN_SECOND_OCTET,
                MACVLAN_SECOND_OCTET);
    }
}

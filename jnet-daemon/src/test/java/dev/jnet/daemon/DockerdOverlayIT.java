package dev.jnet.daemon;

import dev.jnet.cluster.testing.EtcdServer;
import dev.jnet.daemon.testing.BusyboxRootfs;
import dev.jnet.daemon.testing.FakeCluster;
import dev.jnet.daemon.testing.RealDockerd;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.jnet.kernel.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two plain dockerds (Debian's 20.10, no swarm), each on its fake host with its jnetd as its network plugin,
 * the jnetds in one cluster: {@code docker network create -d jnet -o jnet.driver=overlay --subnet S} on each
 * makes one jnet overlay network, and a busybox container on host A reaches one on host B over VXLAN, by
 * address and by name and alias (with the overlay's gateway as the container's {@code --dns}).
 */
@ExtendWith(NetnsExtension.class)
class DockerdOverlayIT {
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final String[] CREATE = {"network", "create", "-d", "jnet", "--ipam-driver", "jnet", "-o",
            "jnet.driver=overlay", "--subnet", "10.90.0.0/24", "web"};

    @Test
    void containersOnTwoPlainDockerdsTalkOverOneJnetOverlay(ThrowawayNs underlay, ThrowawayNs a, ThrowawayNs b)
            throws Exception {
        assumeTrue(RealDockerd.missing().isEmpty(), () -> "no dockerd here: " + RealDockerd.missing().orElse(""));
        assumeTrue(EtcdServer.missing().isEmpty(), () -> "no etcd here: " + EtcdServer.missing().orElse(""));
        Path dirA = Files.createTempDirectory("jnet-test-dockerd-a");
        Path dirB = Files.createTempDirectory("jnet-test-dockerd-b");
        try (FakeCluster cluster = FakeCluster.start(underlay)) {
            FakeCluster.Member hostA = cluster.addHost(a, 1, LEASE, "--docker-plugin", "jnet", "--docker-plugin-socket",
                    dirA.resolve("jnet.sock").toString(),
                    "--docker-engine-socket", dirA.resolve("docker/docker.sock").toString());
            FakeCluster.Member hostB = cluster.addHost(b, 2, LEASE, "--docker-plugin", "jnet", "--docker-plugin-socket",
                    dirB.resolve("jnet.sock").toString(),
                    "--docker-engine-socket", dirB.resolve("docker/docker.sock").toString());
            try (RealDockerd dockerA = RealDockerd.start(a, dirA.resolve("docker"), Map.of("jnet", dirA.resolve("jnet.sock")));
                 RealDockerd dockerB = RealDockerd.start(b, dirB.resolve("docker"), Map.of("jnet", dirB.resolve("jnet.sock")))) {
                dockerA.importBusybox();
                dockerB.importBusybox();
                dockerA.check(CREATE);
                String id = overlays(hostA).getFirst();
                await(() -> overlays(hostB).contains(id), "the network made through A's dockerd on B too");
                dockerB.check(CREATE);
                assertThat(overlays(hostB)).as("B's dockerd's network is the same jnet network").containsExactly(id);
                assertThat(overlays(hostA)).containsExactly(id);

                dockerB.check("run", "-d", "--name", "server", "--network", "web", "--network-alias", "www",
                        RealDockerd.IMAGE, "httpd", "-f", "-p", "80", "-h", "/www");
                String serverIp = dockerB.check("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
                        "server").strip();
                assertThat(serverIp).startsWith("10.90.0.");
                String clientIp = dockerA.check("run", "--rm", "--network", "web", RealDockerd.IMAGE, "sh", "-c",
                        "ip -o -4 addr show eth0 | awk '{print $4}'").strip();
                assertThat(clientIp).as("the cluster's IPAM: no address twice across hosts").startsWith("10.90.0.")
                        .isNotEqualTo(serverIp + "/24");
                String got = dockerA.check("run", "--rm", "--network", "web", RealDockerd.IMAGE, "sh", "-c",
                        "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 " + serverIp + " 80");
                assertThat(got).as("a container on A reaches one on B over VXLAN").contains("hello from jnet");

                // By name: dockerd's resolver answers for its own host and forwards the rest to the container's
                // --dns server, the overlay's gateway, where jnet answers with the names B's jnetd read from its dockerd.
                String gateway = hostA.client().get("/v1/networks/" + id).json().path("ipam").path("ipv4").path(0).path("gateway")
                        .asString();
                assertThat(gateway).as("the subnet's first address, as jnet's IPAM gives dockerd").isEqualTo("10.90.0.1");
                dockerA.check("run", "-d", "--name", "client", "--network", "web", "--dns", gateway, RealDockerd.IMAGE,
                        "sleep", "600");
                for (String name : List.of("server", "www")) {
                    await(() -> dockerA.docker("exec", "client", "sh", "-c", BusyboxRootfs.getByName(name))
                            .stdout().contains("hello from jnet"), "a container on A reaches B's by its name " + name);
                }
                dockerA.check("rm", "-f", "client");

                dockerB.check("rm", "-f", "server");
                dockerA.check("network", "rm", "web");
                dockerB.check("network", "rm", "web");
                assertThat(overlays(hostA)).as("dockerd's removal only unlinks: other hosts may use it").containsExactly(id);
                assertThat(hostA.client().delete("/v1/networks/" + id).status()).isEqualTo(204);
                await(() -> overlays(hostB).isEmpty(), "and jnet's removal removes it everywhere");
            }
        } finally {
            deleteTree(dirA);
            deleteTree(dirB);
        }
    }

    /** The ids of the member's overlay networks. */
    private static List<String> overlays(FakeCluster.Member member) {
        List<String> ids = new ArrayList<>();
        for (JsonNode n : member.client().get("/v1/networks").json()) {
            if (n.path("driver").asString().equals("overlay")) {
                ids.add(n.path("id").asString());
            }
        }
        return ids;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

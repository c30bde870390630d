package dev.jnet.daemon;

import dev.jnet.cluster.testing.EtcdServer;
import dev.jnet.daemon.testing.DockerCli;
import dev.jnet.daemon.testing.EtcdGateway;
import dev.jnet.daemon.testing.FakeCluster;
import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.daemon.testing.JnetdProcess;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.TcpProbe;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static dev.jnet.kernel.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * jnetds of several fake hosts in one cluster (docs/cluster.md): a real etcd on an underlay bridge, one
 * jnetd process per host reaching it over its own {@code eth0}.
 */
@ExtendWith(NetnsExtension.class)
class ClusterIT {
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    @BeforeEach
    void needsEtcd() {
        assumeThat(EtcdServer.missing()).as("etcd").isEmpty();
    }

    @Test
    void hostsSeeEachOtherAndACrashedHostLeavesWithinItsLeaseAndComesBack(ThrowawayNs underlay, ThrowawayNs a, ThrowawayNs b)
            throws Exception {
        try (FakeCluster cluster = FakeCluster.start(underlay)) {
            FakeCluster.Member hostA = cluster.addHost(a, 1, LEASE);
            FakeCluster.Member hostB = cluster.addHost(b, 2, LEASE);
            await(() -> addresses(hostA).equals(List.of("192.168.77.1", "192.168.77.2"))
                    && addresses(hostB).equals(List.of("192.168.77.1", "192.168.77.2")), "both hosts see both");
            JsonNode info = cluster(hostA);
            assertThat(info.path("store").asString()).isEqualTo("http://" + FakeCluster.ETCD_ADDRESS + ":2379");
            assertThat(info.path("advertiseAddress").asString()).isEqualTo("192.168.77.1");
            assertThat(info.path("registered").asBoolean()).isTrue();
            JsonNode docker = hostA.host().dockerClient().get("/info").json();
            assertThat(docker.path("ClusterStore").asString()).isEqualTo(info.path("store").asString());
            assertThat(docker.path("ClusterAdvertise").asString()).isEqualTo("192.168.77.1");

            hostB.jnetd().kill();
            long killed = System.nanoTime();
            await(() -> addresses(hostA).equals(List.of("192.168.77.1")), "the killed host gone from A");
            assertThat(Duration.ofNanos(System.nanoTime() - killed)).as("within the lease and a small grace")
                    .isLessThan(LEASE.plusSeconds(2));
            cluster.restart(hostB, LEASE);
            await(() -> addresses(hostA).equals(List.of("192.168.77.1", "192.168.77.2")), "B back after its restart");
        }
    }

    @Test
    void aHostCutOffFromEtcdKeepsServingAndRejoinsWhenItsLinkReturns(ThrowawayNs underlay, ThrowawayNs a, ThrowawayNs b)
            throws Exception {
        try (FakeCluster cluster = FakeCluster.start(underlay)) {
            FakeCluster.Member hostA = cluster.addHost(a, 1, LEASE);
            FakeCluster.Member hostB = cluster.addHost(b, 2, LEASE);
            await(() -> addresses(hostA).size() == 2, "both registered");
            cluster.cutOff(hostB, true);
            await(() -> addresses(hostA).equals(List.of("192.168.77.1")), "B gone from A once its lease ran out");
            assertThat(hostB.client().post("/v1/networks", "{\"name\": \"local\"}").status())
                    .as("local networks still work on the cut-off host").isEqualTo(201);
            cluster.cutOff(hostB, false);
            await(() -> addresses(hostA).size() == 2 && cluster(hostB).path("registered").asBoolean(), "B registered again");
        }
    }

    @Test
    void aSecondHostWithACopiedHostIdDoesNotStart(ThrowawayNs underlay, ThrowawayNs a, ThrowawayNs b) throws Exception {
        try (FakeCluster cluster = FakeCluster.start(underlay)) {
            FakeCluster.Member hostA = cluster.addHost(a, 1, LEASE);
            String id = cluster(hostA).path("hostId").asString();
            try (FakeHost copy = new FakeHost(b)) {
                String address = cluster.connect(b, 9);
                Files.createDirectories(copy.stateDirectory());
                Files.writeString(copy.stateDirectory().resolve("host-id"), id + "\n");
                try (JnetdProcess second = JnetdProcess.start(copy, "--cluster-store", cluster.etcd().storeUrl(),
                        "--advertise-address", address)) {
                    assertThat(second.waitFor(Duration.ofSeconds(60))).isEqualTo(1);
                    assertThat(second.log()).contains("each host needs its own id").contains("192.168.77.1");
                }
            }
        }
    }

    @Test
    void overlayNetworksTakeTheirVxlanIdSubnetAndAddressesFromTheCluster(ThrowawayNs underlay, ThrowawayNs a, ThrowawayNs b)
            throws Exception {
        try (FakeCluster cluster = FakeCluster.start(underlay)) {
            FakeCluster.Member hostA = cluster.addHost(a, 1, LEASE);
            FakeCluster.Member hostB = cluster.addHost(b, 2, LEASE);
            var created = hostA.client().post("/v1/networks", """
                    {"name": "ov", "driver": "overlay", "ipv4": [{"subnet": "10.90.0.0/24"}]}""");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            JsonNode network = created.json();
            assertThat(network.path("scope").asString()).isEqualTo("global");
            String id = network.path("id").asString();
            String ovNs = overlayNamespace(hostA, id);
            JsonNode vxlan = JSON.readTree(Command.run("nsenter", "--net=" + ovNs, "ip", "-j", "-d", "link", "show", "vxlan0")
                    .orFail(List.of("ip link show vxlan0 in", ovNs)).stdout()).get(0);
            assertThat(vxlan.path("linkinfo").path("info_data").path("id").asInt()).as("the cluster's first VXLAN id").isEqualTo(4096);
            assertThat(vxlan.path("linkinfo").path("info_data").path("local").asString()).isEqualTo("192.168.77.1");
            assertThat(vxlan.path("mtu").asInt()).isEqualTo(1450);

            var clash = hostB.client().post("/v1/networks", """
                    {"name": "other", "driver": "overlay", "ipv4": [{"subnet": "10.90.0.128/25"}]}""");
            assertThat(clash.status()).as("a subnet another host's global network has: " + clash.body()).isEqualTo(409);
            assertThat(clash.message()).contains("overlaps 10.90.0.0/24");
            var taken = hostA.client().post("/v1/networks", "{\"name\": \"ov\", \"driver\": \"overlay\"}");
            assertThat(taken.status()).as("the name is taken; its plan's VXLAN id goes back: " + taken.body()).isEqualTo(409);
            var second = hostB.client().post("/v1/networks", "{\"name\": \"ov2\", \"driver\": \"overlay\"}");
            assertThat(second.status()).as(second.body()).isEqualTo(201);
            assertThat(second.json().path("driverData").path("com.docker.network.driver.overlay.vxlanid_list").asString())
                    .as("the next VXLAN id, chosen on another host, none lost to the refused create").isEqualTo("4097");

            assertThat(hostA.client().post("/v1/sandboxes", "{\"name\": \"web\"}").status()).isEqualTo(201);
            long before = EtcdGateway.revision(underlay);
            var joined = hostA.client().post("/v1/networks/ov/connect", "{\"sandbox\": \"web\"}");
            assertThat(joined.status()).as(joined.body()).isEqualTo(201);
            assertThat(joined.json().path("ipv4").asString()).isEqualTo("10.90.0.2/24");
            assertThat(EtcdGateway.revision(underlay) - before).as("one etcd write per connect: the address's claim is the record").isEqualTo(1);
            JsonNode record = JSON.readTree(EtcdGateway.value(underlay, "/jnet/v1/ips/" + id + "/10.90.0.2"));
            assertThat(record.path("endpoint").asString()).isEqualTo(joined.json().path("id").asString());
            assertThat(record.path("mac").asString()).isEqualTo(joined.json().path("mac").asString());
            assertThat(record.path("names").values()).extracting(JsonNode::asString).containsExactly("web");
            assertThat(hostA.client().delete("/v1/sandboxes/web").status()).isEqualTo(204);
            assertThat(hostA.client().delete("/v1/networks/ov").status()).isEqualTo(204);
            assertThat(Files.exists(java.nio.file.Path.of(ovNs))).as("the network's namespace is gone").isFalse();
            await(() -> hostB.client().get("/v1/networks/ov").status() == 404, "the network gone from B too");
            var again = hostB.client().post("/v1/networks", """
                    {"name": "ov3", "driver": "overlay", "ipv4": [{"subnet": "10.90.0.0/24"}]}""");
            assertThat(again.status()).as("the subnet given back: " + again.body()).isEqualTo(201);
            assertThat(again.json().path("driverData").path("com.docker.network.driver.overlay.vxlanid_list").asString())
                    .as("4096 rests after its network's removal; the next free one").isEqualTo("4098");
        }
    }

    @Test
    void sandboxesOnTwoHostsTalkOverAnOverlayNetworkMadeOnOne(ThrowawayNs underlay, ThrowawayNs a, ThrowawayNs b)
            throws Exception {
        try (FakeCluster cluster = FakeCluster.start(underlay)) {
            FakeCluster.Member hostA = cluster.addHost(a, 1, LEASE);
            FakeCluster.Member hostB = cluster.addHost(b, 2, LEASE);
            Web web = web(hostA, hostB);
            try {
                String ovA = overlayNamespace(hostA, web.id());
                assertThat(fdb(ovA))
                        .as("B's endpoint behind B's address").contains("192.168.77.2");
                // B's overlay namespace deleted behind its jnetd's back: a reconcile makes it again, with its
                // resolver at the gateway (whose old sockets must not keep the old namespace and VXLAN id alive).
                String ovB = overlayNamespace(hostB, web.id());
                Command.run("umount", ovB).orFail(List.of("umount", ovB));
                Files.delete(java.nio.file.Path.of(ovB));
                String[] seen = {""};
                try {
                    await(() -> {
                        var r = hostB.client().post("/v1/system/reconcile", "");
                        String d = digAt(web.nsB(), "10.90.0.1", "a1").strip();
                        boolean rd = reads(web.nsA());
                        seen[0] = "reconcile: " + r.body() + "; dig: " + d + "; a1 reads b1: " + rd + "; links there: "
                                + Command.run("nsenter", "--net=" + ovB, "ip", "-br", "link").stdout();
                        return d.equals("10.90.0.2") && rd;
                    }, "B's overlay made again: its gateway answers and a1 reaches b1");
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + ": " + seen[0], e);
                }
                hostB.jnetd().kill();
                await(() -> !fdb(ovA)
                        .contains("192.168.77.2"), "the dead host's endpoint gone from A's data path after its lease");
                await(() -> dig(web.nsA(), "b1").isBlank(), "and its name from A's resolver");
            } finally {
                web.server().destroyForcibly().waitFor();
            }
            assertThat(hostA.client().delete("/v1/sandboxes/a1").status()).isEqualTo(204);
            assertThat(hostA.client().delete("/v1/networks/web").status()).isEqualTo(204);
        }
    }

    @Test
    void theDockerClientMakesAnOverlayNetworkThatEveryHostHas(ThrowawayNs underlay, ThrowawayNs a, ThrowawayNs b)
            throws Exception {
        java.util.Optional<java.nio.file.Path> binary = DockerCli.find();
        assumeThat(binary).as("the stock docker client").isPresent();
        try (FakeCluster cluster = FakeCluster.start(underlay)) {
            FakeCluster.Member hostA = cluster.addHost(a, 1, LEASE);
            FakeCluster.Member hostB = cluster.addHost(b, 2, LEASE);
            DockerCli docker = DockerCli.of(binary.get(), hostA.host());
            docker.check("network", "create", "-d", "overlay", "--attachable", "--subnet", "10.92.0.0/24", "-o",
                    "com.docker.network.driver.overlay.vxlanid_list=4200", "dockov");
            assertThat(docker.check("network", "ls", "--filter", "name=dockov", "--format", "{{.Driver}} {{.Scope}}").strip())
                    .isEqualTo("overlay global");
            await(() -> hostB.client().get("/v1/networks/dockov").status() == 200, "the network on the other host");
            JsonNode onB = hostB.client().get("/v1/networks/dockov").json();
            assertThat(onB.path("driverData").path("com.docker.network.driver.overlay.vxlanid_list").asString()).isEqualTo("4200");
            assertThat(onB.path("attachable").asBoolean()).isTrue();
            docker.check("network", "rm", "dockov");
            await(() -> hostB.client().get("/v1/networks/dockov").status() == 404, "removed on the other host too");
        }
    }

    @Test
    void whileEtcdIsDownOverlayTrafficFlowsAndChangesFailWith503(ThrowawayNs underlay, ThrowawayNs a, ThrowawayNs b)
            throws Exception {
        try (FakeCluster cluster = FakeCluster.start(underlay)) {
            FakeCluster.Member hostA = cluster.addHost(a, 1, LEASE);
            FakeCluster.Member hostB = cluster.addHost(b, 2, LEASE);
            Web web = web(hostA, hostB);
            try {
                cluster.etcd().stop();
                Thread.sleep(LEASE.toMillis() + 1000); // longer than the leases: nothing may be torn down
                assertThat(reads(web.nsA())).as("traffic keeps flowing without etcd").isTrue();
                long start = System.nanoTime();
                var refused = hostA.client().post("/v1/networks", "{\"name\": \"later\", \"driver\": \"overlay\"}");
                assertThat(refused.status()).as(refused.body()).isEqualTo(503);
                assertThat(refused.message()).contains("cluster store unreachable");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
                assertThat(hostA.client().get("/v1/networks/later").status()).as("nothing half made").isEqualTo(404);
                String late = sandbox(hostA, "late");
                String overlayNs = overlayNamespace(hostA, web.id());
                List<String> overlayLinks = names(links(overlayNs));
                var notJoined = hostA.client().post("/v1/networks/web/connect", "{\"sandbox\": \"late\"}");
                assertThat(notJoined.status()).as(notJoined.body()).isEqualTo(503);
                assertThat(notJoined.message()).contains("cluster store unreachable");
                assertThat(names(links(late))).as("the interface made while the address was claimed is gone").containsExactly("lo");
                assertThat(names(links(overlayNs))).as("and its bridge end").isEqualTo(overlayLinks);
                cluster.etcd().restart();
                await(() -> hostA.client().post("/v1/networks", "{\"name\": \"later\", \"driver\": \"overlay\"}")
                        .status() == 201, "changes work again once etcd is back");
                await(() -> hostB.client().get("/v1/networks/later").status() == 200, "and reach the other host");
                assertThat(reads(web.nsA())).isTrue();
            } finally {
                web.server().destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void threeHostsShareOneOverlayWithoutDuplicateAddressesAndASecondOverlayIsApart(ThrowawayNs underlay, ThrowawayNs a,
                                                                                   ThrowawayNs b, ThrowawayNs c) throws Exception {
        try (FakeCluster cluster = FakeCluster.start(underlay)) {
            List<FakeCluster.Member> hosts = List.of(cluster.addHost(a, 1, LEASE), cluster.addHost(b, 2, LEASE),
                    cluster.addHost(c, 3, LEASE));
            FakeCluster.Member hostA = hosts.get(0);
            assertThat(hostA.client().post("/v1/networks", """
                    {"name": "red", "driver": "overlay", "ipv4": [{"subnet": "10.93.0.0/24"}]}""").status()).isEqualTo(201);
            assertThat(hostA.client().post("/v1/networks", """
                    {"name": "blue", "driver": "overlay", "ipv4": [{"subnet": "10.94.0.0/24"}]}""").status()).isEqualTo(201);
            for (FakeCluster.Member h : hosts) {
                await(() -> h.client().get("/v1/networks/red").status() == 200 && h.client().get("/v1/networks/blue").status() == 200,
                        "both networks on host " + h.address());
            }
            // Four sandboxes per host, all connected at once: the cluster's IPAM hands out twelve different addresses.
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(12);
            List<java.util.concurrent.Future<String>> connects = new ArrayList<>();
            for (FakeCluster.Member h : hosts) {
                for (int i = 0; i < 4; i++) {
                    String name = "s" + h.address().substring(h.address().lastIndexOf('.') + 1) + "x" + i;
                    sandbox(h, name);
                    connects.add(pool.submit(() -> h.client().post("/v1/networks/red/connect", "{\"sandbox\": \"" + name + "\"}")
                            .json().path("ipv4").asString()));
                }
            }
            List<String> addresses = new ArrayList<>();
            for (var f : connects) {
                addresses.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            pool.shutdown();
            assertThat(addresses).hasSize(12).doesNotHaveDuplicates().allMatch(x -> x.startsWith("10.93.0."));

            // One sandbox on A on a local bridge network and on red at once reaches a red sandbox on C.
            String both = sandbox(hostA, "both");
            assertThat(hostA.client().post("/v1/networks", "{\"name\": \"local\"}").status()).isEqualTo(201);
            assertThat(hostA.client().post("/v1/networks/local/connect", "{\"sandbox\": \"both\"}").status()).isEqualTo(201);
            assertThat(hostA.client().post("/v1/networks/red/connect", "{\"sandbox\": \"both\"}").status()).isEqualTo(201);
            String onC = hosts.get(2).client().get("/v1/sandboxes/s3x0").json().path("endpoints").get(0).path("ipv4").asString();
            String target = onC.substring(0, onC.indexOf('/'));
            String nsC = hosts.get(2).client().get("/v1/sandboxes/s3x0").json().path("namespace").asString();
            Process server = new ProcessBuilder("nsenter", "--net=" + nsC, "python3", "-c",
                    "import socket\ns=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                            + "s.bind(('" + target + "', 8080)); s.listen(8)\nwhile True:\n c,a=s.accept(); c.sendall(b'red on c\\n'); c.close()")
                    .redirectErrorStream(true).start();
            try {
                await(() -> Command.run("nsenter", "--net=" + both, "curl", "-s", "-m", "2", "telnet://" + target + ":8080")
                        .stdout().contains("red on c"), "A's sandbox on bridge and red reaches C over red");
                for (int h = 0; h < 2; h++) { // by name, from A and from B: resolved by each host's resolver, then TCP
                    String client = "s" + (h + 1) + "x0";
                    String ns = hosts.get(h).client().get("/v1/sandboxes/" + client).json().path("namespace").asString();
                    String resolved = Command.run("nsenter", "--net=" + ns, "dig", "+short", "+time=1", "+tries=2",
                            "@127.0.0.11", "s3x0").stdout().strip();
                    assertThat(resolved).as(client + " resolves s3x0 on host C").isEqualTo(target);
                    assertThat(Command.run("nsenter", "--net=" + ns, "curl", "-s", "-m", "2", "telnet://" + resolved + ":8080")
                            .stdout()).as(client + " talks TCP to s3x0 by name").contains("red on c");
                }
                String blue = sandbox(hosts.get(1), "blue1");
                assertThat(hosts.get(1).client().post("/v1/networks/blue/connect", "{\"sandbox\": \"blue1\"}").status()).isEqualTo(201);
                assertThat(Command.run("nsenter", "--net=" + blue, "curl", "-s", "-m", "2", "telnet://" + target + ":8080")
                        .stdout()).as("a sandbox on blue does not reach red").doesNotContain("red on c");
                assertThat(Command.run("nsenter", "--net=" + blue, "dig", "+short", "+time=1", "+tries=1", "@127.0.0.11",
                        "s3x0.red").stdout().strip()).as("nor resolves its names").doesNotContain(target);
                List<String> blueAddresses = new ArrayList<>();
                hosts.get(1).client().get("/v1/sandboxes/blue1").json().path("endpoints").forEach(e -> blueAddresses.add(
                        e.path("ipv4").asString().replaceFirst("/.*", "")));
                assertThat(blueAddresses).as("blue1's addresses").anyMatch(x -> x.startsWith("10.94.0."));
                assertThat(blueAddresses).as("blue's gateway answers blue's names")
                        .contains(digAt(blue, "10.94.0.1", "blue1").strip());
                assertThat(digAt(blue, "10.94.0.1", "s3x0").strip()).as("not even at blue's gateway").doesNotContain(target);
            } finally {
                server.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void aRestartedHostsEndpointsComeBackAndANetworkRemovedWhileItWasDownIsGoneThere(ThrowawayNs underlay, ThrowawayNs a,
                                                                                      ThrowawayNs b) throws Exception {
        try (FakeCluster cluster = FakeCluster.start(underlay)) {
            FakeCluster.Member hostA = cluster.addHost(a, 1, LEASE);
            FakeCluster.Member hostB = cluster.addHost(b, 2, LEASE);
            Web web = web(hostA, hostB);
            try {
                assertThat(hostB.client().post("/v1/networks", """
                        {"name": "doomed", "driver": "overlay"}""").status()).isEqualTo(201);
                await(() -> hostA.client().get("/v1/networks/doomed").status() == 200, "doomed on A");
                hostB.jnetd().kill();
                String ovA = overlayNamespace(hostA, web.id());
                await(() -> !fdb(ovA)
                        .contains("192.168.77.2"), "B's endpoint gone from A while B is down");
                assertThat(hostA.client().delete("/v1/networks/doomed").status()).as("removed while B is down").isEqualTo(204);

                FakeCluster.Member again = cluster.restart(hostB, LEASE);
                await(() -> again.client().get("/v1/networks/doomed").status() == 404, "B removed doomed when it came back");
                await(() -> fdb(ovA)
                        .contains("192.168.77.2"), "B's endpoint back in A's data path after B's restart");
                assertThat(again.client().get("/v1/networks/web").status()).isEqualTo(200);
                await(() -> reads(web.nsA()), "a1 reads b1 again (b1's sandbox lived on while jnetd was down)");
                await(() -> digAt(web.nsB(), "10.90.0.1", "a1").strip().equals("10.90.0.2"),
                        "the restarted jnetd answers at the overlay's gateway again");
            } finally {
                web.server().destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void aHostRestartedWhileEtcdIsDownFollowsItsSnapshotOfTheCluster(ThrowawayNs underlay, ThrowawayNs a, ThrowawayNs b)
            throws Exception {
        try (FakeCluster cluster = FakeCluster.start(underlay)) {
            FakeCluster.Member hostA = cluster.addHost(a, 1, LEASE);
            FakeCluster.Member hostB = cluster.addHost(b, 2, LEASE);
            Web web = web(hostA, hostB);
            try {
                String ovA = overlayNamespace(hostA, web.id());
                // The snapshot follows the cluster within a second of a change (a crash may lose that second).
                java.nio.file.Path snapshot = hostA.host().directory().resolve("state/cluster-snapshot.json");
                await(() -> Files.exists(snapshot) && readQuietly(snapshot).contains("10.90.0.3"), "A's snapshot holds b1");
                cluster.etcd().stop();
                hostA.jnetd().close();
                // As after a reboot, A's data path has forgotten B's endpoint: its start makes the device again, empty.
                Command.run("nsenter", "--net=" + ovA, "ip", "link", "del", "vxlan0").orFail(List.of("ip link del vxlan0"));
                FakeCluster.Member again = cluster.restart(hostA, LEASE);
                try {
                    await(() -> reads(web.nsA()), "a1 reaches b1 again from A's snapshot of the cluster, etcd still down");
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; A's FDB: " + fdb(ovA) + "\nA's log:\n" + again.jnetd().log(), e);
                }
                assertThat(Command.run("nsenter", "--net=" + web.nsA(), "dig", "+short", "+time=1", "+tries=1", "@127.0.0.11",
                        "b1").stdout().strip()).as("and resolves it").isEqualTo("10.90.0.3");
                cluster.etcd().restart();
                await(() -> again.client().post("/v1/networks", "{\"name\": \"later\", \"driver\": \"overlay\"}")
                        .status() == 201, "changes work again once etcd is back");
                assertThat(reads(web.nsA())).isTrue();
            } finally {
                web.server().destroyForcibly().waitFor();
            }
        }
    }

    /** Overlay network {@code web} made on A, sandbox a1 on A and b1 on B on it, b1 serving TCP that a1 reads. */
    @Test
    void anOverlaySandboxReachesOutThroughItsHostsGatewayBridgeAndPublishesItsPortsThere(ThrowawayNs underlay,
            ThrowawayNs a, ThrowawayNs b) throws Exception {
        try (FakeCluster cluster = FakeCluster.start(underlay)) {
            FakeCluster.Member hostA = cluster.addHost(a, 1, LEASE);
            FakeCluster.Member hostB = cluster.addHost(b, 2, LEASE);
            assertThat(hostA.client().post("/v1/networks", """
                    {"name": "edge", "driver": "overlay", "ipv4": [{"subnet": "10.91.0.0/24"}]}""").status()).isEqualTo(201);
            String nsA = sandbox(hostA, "a1");
            var connected = hostA.client().post("/v1/networks/edge/connect", """
                    {"sandbox": "a1", "ports": ["8080:80"]}""");
            assertThat(connected.status()).as(connected.body()).isEqualTo(201);
            JsonNode gateway = hostA.client().get("/v1/networks/docker_gwbridge").json();
            assertThat(gateway.path("options").path("com.docker.network.bridge.enable_icc").asString()).isEqualTo("false");
            assertThat(hostB.client().get("/v1/networks/docker_gwbridge").status())
                    .as("a host's own: none on B, which has no overlay sandbox").isEqualTo(404);

            NetNs sandboxA = NetNs.at(java.nio.file.Path.of(nsA));
            assertThat(TcpProbe.sourceSeen(sandboxA, underlay.ns(), 9000, java.net.InetAddress.getByName(FakeCluster.ETCD_ADDRESS), 9000))
                    .as("a1 reaches the underlay, masqueraded as host A").contains(hostA.address());
            assertThat(TcpProbe.sourceSeen(b.ns(), sandboxA, 80, java.net.InetAddress.getByName(hostA.address()), 8080))
                    .as("host B reaches a1's published port on host A").contains(hostB.address());

            assertThat(hostA.client().delete("/v1/sandboxes/a1").status()).isEqualTo(204);
            assertThat(hostA.client().get("/v1/networks/docker_gwbridge").json().path("endpoints").size())
                    .as("its gateway endpoint went with it").isZero();
            assertThat(hostA.client().delete("/v1/networks/edge").status()).isEqualTo(204);
        }
    }

    private record Web(String id, String nsA, String nsB, Process server) {}

    private static Web web(FakeCluster.Member hostA, FakeCluster.Member hostB) throws Exception {
        var created = hostA.client().post("/v1/networks", """
                {"name": "web", "driver": "overlay", "ipv4": [{"subnet": "10.90.0.0/24"}]}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asString();
        await(() -> hostB.client().get("/v1/networks/web").status() == 200, "the network made on B too");
        assertThat(hostB.client().get("/v1/networks/web").json().path("id").asString()).isEqualTo(id);
        String nsA = sandbox(hostA, "a1");
        String nsB = sandbox(hostB, "b1");
        var joined = hostA.client().post("/v1/networks/web/connect", "{\"sandbox\": \"a1\"}");
        assertThat(joined.json().path("ipv4").asString()).isEqualTo("10.90.0.2/24");
        // The interface is made while the address is claimed, with a MAC of its own, then given its address's.
        assertThat(joined.json().path("mac").asString()).isEqualTo("02:42:0a:5a:00:02");
        assertThat(links(nsA).stream().filter(l -> l.path("ifname").asString().equals(joined.json().path("interface")
                .asString())).map(l -> l.path("address").asString())).as("the MAC in the sandbox, as Docker's")
                .containsExactly("02:42:0a:5a:00:02");
        assertThat(hostB.client().post("/v1/networks/web/connect", "{\"sandbox\": \"b1\"}").json().path("ipv4").asString())
                .as("the next address of the cluster's IPAM, on the other host").isEqualTo("10.90.0.3/24");
        Process server = new ProcessBuilder("nsenter", "--net=" + nsB, "python3", "-c",
                "import socket\ns=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                        + "s.bind(('10.90.0.3', 8080)); s.listen(8)\nwhile True:\n c,a=s.accept(); c.sendall(b'hello from b1\\n'); c.close()")
                .redirectErrorStream(true).start();
        // The packets can only cross the underlay as VXLAN: there is no other way between the two sandboxes.
        await(() -> reads(nsA), "a1 on host A reaches b1 on host B over VXLAN");
        await(() -> dig(nsA, "b1").strip().equals("10.90.0.3"), "a1 resolves b1, on the other host, at jnet's resolver");
        assertThat(dig(nsB, "a1").strip()).isEqualTo("10.90.0.2");
        assertThat(dig(nsA, "-x", "10.90.0.3").strip()).as("PTR of the remote endpoint").startsWith("b1");
        // For runtimes with resolvers of their own (dockerd's forwards to a container's --dns): the gateway answers.
        assertThat(digAt(nsA, "10.90.0.1", "b1").strip()).as("the overlay's gateway answers its names").isEqualTo("10.90.0.3");
        assertThat(digAt(nsB, "10.90.0.1", "a1").strip()).isEqualTo("10.90.0.2");
        return new Web(id, nsA, nsB, server);
    }

    private static String readQuietly(java.nio.file.Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return ""; // replaced meanwhile: read it again
        }
    }

    /** The namespace of overlay network {@code networkId} on {@code member}. */
    private static String overlayNamespace(FakeCluster.Member member, String networkId) {
        return member.host().runDirectory().resolve("netns/ov-" + networkId.substring(0, 12)).toString();
    }

    /** The links of namespace {@code ns}, as {@code ip -j link} shows them. */
    private static List<JsonNode> links(String ns) {
        String out = Command.run("nsenter", "--net=" + ns, "ip", "-j", "link", "show").orFail(List.of("ip link in", ns)).stdout();
        List<JsonNode> found = new ArrayList<>();
        JSON.readTree(out).forEach(found::add);
        return found;
    }

    private static List<String> names(List<JsonNode> links) {
        return links.stream().map(l -> l.path("ifname").asString()).sorted().toList();
    }

    /** The FDB rows of the VXLAN device in overlay namespace {@code ns}, as JSON. */
    private static String fdb(String ns) {
        return Command.run("nsenter", "--net=" + ns, "bridge", "-j", "fdb", "show", "dev", "vxlan0").stdout();
    }

    /** What the resolver at 127.0.0.11 in namespace {@code ns} answers ({@code dig +short}). */
    private static String dig(String ns, String... query) {
        return digAt(ns, "127.0.0.11", query);
    }

    /** What the DNS server at {@code server} answers a client in namespace {@code ns} ({@code dig +short}). */
    private static String digAt(String ns, String server, String... query) {
        List<String> command = new ArrayList<>(List.of("nsenter", "--net=" + ns, "dig", "+short", "+time=1", "+tries=1",
                "@" + server));
        command.addAll(List.of(query));
        return Command.run(command.toArray(String[]::new)).stdout();
    }

    private static boolean reads(String nsA) {
        return Command.run("nsenter", "--net=" + nsA, "curl", "-s", "-m", "2", "telnet://10.90.0.3:8080").stdout()
                .contains("hello from b1");
    }

    /** A sandbox named {@code name} on {@code member}; its namespace's path. */
    private static String sandbox(FakeCluster.Member member, String name) {
        var made = member.client().post("/v1/sandboxes", "{\"name\": \"" + name + "\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return made.json().path("namespace").asString();
    }

    private static JsonNode cluster(FakeCluster.Member member) {
        return member.client().get("/v1/info").json().path("cluster");
    }

    private static List<String> addresses(FakeCluster.Member member) {
        List<String> found = new ArrayList<>();
        cluster(member).path("hosts").forEach(h -> found.add(h.path("address").asString()));
        return found.stream().sorted().toList();
    }
}

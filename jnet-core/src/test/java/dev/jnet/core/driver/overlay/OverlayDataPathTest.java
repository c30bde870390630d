package dev.jnet.core.driver.overlay;

import dev.jnet.kernel.Kernel;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.rtnl.LinkSpec;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;
import dev.jnet.net.MacAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two fake hosts on one underlay bridge, each with the data path of one overlay network and a sandbox on it:
 * packets cross hosts only through the entries {@link OverlayDataPath#programPeers} writes.
 */
@ExtendWith(NetnsExtension.class)
class OverlayDataPathTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final MacAddress MAC_A = MacAddress.parse("02:42:0a:5a:00:02");
    private static final MacAddress MAC_B = MacAddress.parse("02:42:0a:5a:00:03");
    private static final IfName ETH0 = IfName.of("eth0");

    private final List<Kernel> kernels = new ArrayList<>();
    private final List<Runnable> cleanups = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        cleanups.reversed().forEach(Runnable::run);
        kernels.forEach(k -> {
            k.close();
            k.namespaces().releaseDirectory(); // its shared bind mount under the test's run directory
            dev.jnet.kernel.testing.NetnsExtension.removeEmptyTree(k.namespaces().directory().getParent());
        });
    }

    /** A fake host on the underlay: {@code eth0} with {@code address}, and a kernel door with it as host. */
    private Kernel host(ThrowawayNs underlay, ThrowawayNs ns, int n) {
        underlay.rtnl().links().create(new LinkSpec.Veth(IfName.of("h" + n), ETH0).withPeerIn(ns.ns()));
        underlay.exec("ip", "link", "set", "h" + n, "master", "br0", "up").orFail(List.of("ip link set h" + n));
        ns.exec("ip", "addr", "add", "192.168.77." + n + "/24", "dev", "eth0").orFail(List.of("ip addr add"));
        ns.exec("ip", "link", "set", "eth0", "up").orFail(List.of("ip link set eth0 up"));
        Kernel kernel = new Kernel(NetnsExtension.RUN_DIR.resolve("overlay-" + ns.name()), ns.ns());
        kernels.add(kernel);
        return kernel;
    }

    private static OverlaySpec spec(int n) throws Exception {
        return new OverlaySpec("0a5a00000001", 4096, Cidr.parse("10.90.0.1/24"), InetAddress.getByName("192.168.77." + n),
                4789, 1450);
    }

    private NetNs sandbox(Kernel kernel, OverlayDataPath path, OverlaySpec spec, String name, MacAddress mac, String address) {
        NetNs sb = kernel.createNamespace(name);
        cleanups.add(() -> kernel.deleteNamespace(sb));
        cleanups.add(() -> path.deleteNetwork(spec));
        assertThat(path.ensureNetwork(spec)).as("made").isTrue();
        assertThat(path.ensureNetwork(spec)).as("made already").isFalse();
        path.attach(spec, sb, ETH0, IfName.of("ve-" + name), mac);
        kernel.in(sb).addresses().add(ETH0, Cidr.parse(address));
        kernel.in(sb).links().setUp(ETH0);
        return sb;
    }

    @Test
    void sandboxesOnTwoHostsTalkOnlyThroughTheProgrammedPeers(ThrowawayNs underlay, ThrowawayNs a, ThrowawayNs b) throws Exception {
        underlay.exec("ip", "link", "add", "br0", "type", "bridge").orFail(List.of("ip link add br0"));
        underlay.exec("ip", "link", "set", "br0", "up").orFail(List.of("ip link set br0 up"));
        Kernel kernelA = host(underlay, a, 1);
        Kernel kernelB = host(underlay, b, 2);
        OverlayDataPath pathA = new OverlayDataPath(kernelA);
        OverlayDataPath pathB = new OverlayDataPath(kernelB);
        NetNs sbA = sandbox(kernelA, pathA, spec(1), "sb-a", MAC_A, "10.90.0.2/24");
        NetNs sbB = sandbox(kernelB, pathB, spec(2), "sb-b", MAC_B, "10.90.0.3/24");
        InetAddress server = InetAddress.getByName("10.90.0.3");
        RemoteEndpoint onA = new RemoteEndpoint(InetAddress.getByName("10.90.0.2"), MAC_A, InetAddress.getByName("192.168.77.1"));
        RemoteEndpoint onB = new RemoteEndpoint(server, MAC_B, InetAddress.getByName("192.168.77.2"));

        try (ServerSocket listener = kernelB.executor().call(sbB, () -> new ServerSocket(0, 4, server))) {
            int port = listener.getLocalPort();
            assertThat(reaches(kernelA, sbA, server, port)).as("no peers programmed: no way across").isFalse();

            assertThat(pathA.programPeers(spec(1), Set.of(onB))).isEqualTo(new PeerChanges(2, 0));
            assertThat(pathB.programPeers(spec(2), Set.of(onA))).isEqualTo(new PeerChanges(2, 0));
            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> acceptOne(listener));
            assertThat(reaches(kernelA, sbA, server, port)).isTrue();
            assertThat(peer.get(10, TimeUnit.SECONDS)).isEqualTo("10.90.0.2");
            assertThat(pathA.programPeers(spec(1), Set.of(onB)).changedNothing()).as("already in line").isTrue();

            // What an independent observer sees in host A's overlay namespace.
            String ov = kernelA.namespaces().find("ov-0a5a00000001").orElseThrow().path().toString();
            JsonNode vxlan = json(ov, "ip", "-j", "-d", "link", "show", "vxlan0").get(0);
            assertThat(vxlan.path("mtu").asInt()).isEqualTo(1450);
            assertThat(vxlan.path("linkinfo").path("info_data").path("id").asInt()).isEqualTo(4096);
            assertThat(vxlan.path("linkinfo").path("info_data").path("local").asString()).isEqualTo("192.168.77.1");
            assertThat(vxlan.path("linkinfo").path("info_data").path("learning").asBoolean(true)).isFalse();
            assertThat(vxlan.path("linkinfo").path("info_data").path("proxy").asBoolean(false)).isTrue();
            assertThat(vxlan.path("linkinfo").path("info_slave_data").path("learning").asBoolean(true))
                    .as("learning off on the bridge port").isFalse();
            assertThat(json(ov, "ip", "-j", "addr", "show", "br0").get(0).path("addr_info").toString()).contains("10.90.0.1");
            assertThat(json(ov, "ip", "-j", "neigh", "show", "dev", "vxlan0").toString())
                    .contains("10.90.0.3").contains(MAC_B.toString()).contains("PERMANENT");
            assertThat(json(ov, "bridge", "-j", "fdb", "show", "dev", "vxlan0").toString())
                    .contains(MAC_B.toString()).contains("192.168.77.2");
            assertThat(json(sbA.path().toString(), "ip", "-j", "link", "show", "eth0").get(0).path("mtu").asInt()).isEqualTo(1450);

            // A stale row (someone's, or a host that left) goes; a moved endpoint's row is replaced in place.
            Command.run("nsenter", "--net=" + ov, "ip", "neigh", "replace", "10.90.0.9", "lladdr", "02:42:0a:5a:00:09",
                    "dev", "vxlan0", "nud", "permanent").orFail(List.of("ip neigh replace"));
            RemoteEndpoint moved = new RemoteEndpoint(server, MAC_B, InetAddress.getByName("192.168.77.7"));
            assertThat(pathA.programPeers(spec(1), Set.of(moved))).isEqualTo(new PeerChanges(1, 1));
            assertThat(json(ov, "ip", "-j", "neigh", "show", "dev", "vxlan0").toString()).doesNotContain("10.90.0.9");
            assertThat(json(ov, "bridge", "-j", "fdb", "show", "dev", "vxlan0").toString()).contains("192.168.77.7")
                    .doesNotContain("192.168.77.2");

            assertThat(pathA.programPeers(spec(1), Set.of())).isEqualTo(new PeerChanges(0, 2));
            assertThat(reaches(kernelA, sbA, server, port)).as("the peer removed: no way across again").isFalse();
        }
        pathA.ensureNetwork(spec(1)); // idempotent
        pathA.deleteNetwork(spec(1));
        assertThat(kernelA.namespaces().find("ov-0a5a00000001")).isEmpty();
        assertThat(a.ipLinkNames()).doesNotContain("jvx4096");
    }

    private static JsonNode json(String netns, String... command) {
        List<String> full = new ArrayList<>(List.of("nsenter", "--net=" + netns));
        full.addAll(List.of(command));
        String out = Command.run(full).orFail(full).stdout();
        return JSON.readTree(out.isBlank() ? "[]" : out);
    }

    private static boolean reaches(Kernel kernel, NetNs from, InetAddress server, int port) {
        return kernel.executor().call(from, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(server, port), 1500);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static String acceptOne(ServerSocket listener) {
        try (Socket s = listener.accept()) {
            return s.getInetAddress().getHostAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

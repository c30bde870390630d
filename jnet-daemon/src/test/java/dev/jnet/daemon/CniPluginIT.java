package dev.jnet.daemon;

import dev.jnet.daemon.testing.ApiClient;
import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.TestKernel;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code contrib/jnet-cni} called as a runtime calls a CNI plugin (CNI's environment, the network
 * configuration on stdin, the result on stdout): ADD joins a pod's namespace to a jnet network, with the
 * address of {@code CNI_ARGS}, a port mapping and jnet's resolver; CHECK and VERSION answer; DEL removes it,
 * twice without error; a bad call is CNI's error with exit status 1 and leaves nothing.
 */
@ExtendWith(NetnsExtension.class)
class CniPluginIT {
    private static final Path PLUGIN = Path.of("../contrib/jnet-cni").toAbsolutePath().normalize();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CONFIG = """
            {"cniVersion": "1.0.0", "name": "web", "type": "jnet",
             "runtimeConfig": {"portMappings": [{"hostPort": 8080, "containerPort": 80, "protocol": "tcp"}]}}""";

    private static Command.Result cni(FakeHost host, String command, Path netns, String config) throws IOException {
        return cni(host, command, netns, config, "IgnoreUnknown=1;IP=10.94.0.50");
    }

    private static Command.Result cni(FakeHost host, String command, Path netns, String config, String args) throws IOException {
        return cni(host, command, netns, config, args, "eth0");
    }

    private static Command.Result cni(FakeHost host, String command, Path netns, String config, String args, String ifname)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(PLUGIN.toString());
        builder.environment().putAll(Map.of("CNI_COMMAND", command, "CNI_CONTAINERID", "pod1", "CNI_NETNS", netns.toString(),
                "CNI_IFNAME", ifname, "CNI_ARGS", args, "CNI_PATH", "/opt/cni/bin",
                "JNET_SOCKET", host.socket().toString()));
        Path input = host.directory().resolve("cni-stdin-" + ifname + ".json");
        Files.writeString(input, config);
        builder.redirectInput(input.toFile());
        Process p = builder.start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Command.Result(p.waitFor(), out, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void addJoinsThePodWithItsAddressPortAndResolverAndDelRemovesItTwice(ThrowawayNs ns, ThrowawayNs pod) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ns.rtnl().links().setUp(dev.jnet.net.IfName.of("lo"));
            ApiClient api = host.client();
            assertThat(api.post("/v1/networks", "{\"name\": \"web\", \"ipv4\": [{\"subnet\": \"10.94.0.0/24\"}]}").status()).isEqualTo(201);
            // not "srv": dig reads that as a record type
            JsonNode srv = api.post("/v1/sandboxes", "{\"name\": \"server\"}").json();
            api.post("/v1/networks/web/connect", "{\"sandbox\": \"server\"}");

            Command.Result added = cni(host, "ADD", pod.ns().path(), CONFIG);
            assertThat(added.exitCode()).as(added.toString()).isZero();
            JsonNode result = JSON.readTree(added.stdout());
            assertThat(result.path("cniVersion").asString()).isEqualTo("1.0.0");
            assertThat(result.path("interfaces").get(0).path("name").asString()).isEqualTo("eth0");
            assertThat(result.path("interfaces").get(0).path("sandbox").asString()).isEqualTo(pod.ns().path().toString());
            assertThat(result.path("ips").get(0).toString()).isEqualTo(
                    "{\"address\":\"10.94.0.50/24\",\"gateway\":\"10.94.0.1\",\"interface\":0}");
            assertThat(result.path("routes").get(0).toString()).isEqualTo("{\"dst\":\"0.0.0.0/0\",\"gw\":\"10.94.0.1\"}");
            assertThat(result.path("dns").path("nameservers").get(0).asString()).isEqualTo("127.0.0.11");

            assertThat(pod.exec("dig", "+short", "+time=2", "@127.0.0.11", "server").stdout().strip())
                    .as("jnet's resolver in the pod").isEqualTo("10.94.0.2");
            assertThat(connects(pod.ns(), new NetNs("srv", Path.of(srv.path("namespace").asString())), 7000, "10.94.0.2"))
                    .as("TCP to the sandbox").isTrue();
            assertThat(connects(ns.ns(), pod.ns(), 80, "127.0.0.1", 8080)).as("the port mapping, from the host").isTrue();
            assertThat(cni(host, "CHECK", pod.ns().path(), CONFIG).exitCode()).isZero();
            assertThat(JSON.readTree(cni(host, "VERSION", pod.ns().path(), "{\"cniVersion\": \"1.0.0\"}").stdout())
                    .path("supportedVersions").toString()).contains("1.0.0");
            assertThat(api.get("/v1/sandboxes/cni-pod1").json().path("runtime").asString()).isEqualTo("cni");

            assertThat(cni(host, "DEL", pod.ns().path(), CONFIG).exitCode()).isZero();
            assertThat(api.get("/v1/sandboxes/cni-pod1").status()).isEqualTo(404);
            assertThat(pod.ipLinkNames()).containsExactly("lo");
            assertThat(cni(host, "DEL", pod.ns().path(), CONFIG).exitCode()).as("DEL again").isZero();

            String predefined = "{\"cniVersion\": \"1.0.0\", \"name\": \"bridge\", \"type\": \"jnet\"}";
            Command.Result onBridge = cni(host, "ADD", pod.ns().path(), predefined, "IgnoreUnknown=1");
            assertThat(onBridge.exitCode()).as(onBridge.toString()).isZero();
            assertThat(JSON.readTree(onBridge.stdout()).has("dns")).as("no resolver of jnet's on the predefined bridge").isFalse();
            assertThat(cni(host, "DEL", pod.ns().path(), predefined).exitCode()).isZero();
        }
    }

    @Test
    void twoAddsOfOnePodAtOnceJoinItToBothNetworks(ThrowawayNs ns, ThrowawayNs pod) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient api = host.client();
            api.post("/v1/networks", "{\"name\": \"web\", \"ipv4\": [{\"subnet\": \"10.94.0.0/24\"}]}");
            api.post("/v1/networks", "{\"name\": \"back\", \"ipv4\": [{\"subnet\": \"10.95.0.0/24\"}]}");
            String back = "{\"cniVersion\": \"1.0.0\", \"name\": \"back\", \"type\": \"jnet\"}";
            java.util.concurrent.CompletableFuture<Command.Result> second = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return cni(host, "ADD", pod.ns().path(), back, "IgnoreUnknown=1", "eth1");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            Command.Result first = cni(host, "ADD", pod.ns().path(), CONFIG, "IgnoreUnknown=1", "eth0");
            assertThat(first.exitCode()).as(first.toString()).isZero();
            assertThat(second.join().exitCode()).as(second.join().toString()).isZero();
            assertThat(api.get("/v1/sandboxes/cni-pod1").json().path("endpoints").size()).isEqualTo(2);
            assertThat(pod.ipLinkNames()).contains("eth0", "eth1");
        }
    }

    @Test
    void aBadCallIsCnisErrorWithExitStatusOneAndLeavesNothing(ThrowawayNs ns, ThrowawayNs pod) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            Command.Result unknown = cni(host, "ADD", pod.ns().path(), "{\"cniVersion\": \"1.0.0\", \"name\": \"nosuch\", \"type\": \"jnet\"}");
            assertThat(unknown.exitCode()).isEqualTo(1);
            JsonNode error = JSON.readTree(unknown.stdout());
            assertThat(error.path("code").asInt()).isEqualTo(7);
            assertThat(error.path("msg").asString()).contains("network nosuch not found");
            assertThat(host.client().get("/v1/sandboxes/cni-pod1").status()).isEqualTo(404);
            assertThat(pod.ipLinkNames()).containsExactly("lo");

            host.client().post("/v1/networks", "{\"name\": \"web\", \"ipv4\": [{\"subnet\": \"10.94.0.0/24\"}]}");
            Command.Result hosts = cni(host, "ADD", ns.ns().path(), CONFIG);
            assertThat(hosts.exitCode()).as("the host's own namespace").isEqualTo(1);
            assertThat(JSON.readTree(hosts.stdout()).path("msg").asString()).contains("is the host's own");
            assertThat(host.client().get("/v1/sandboxes/cni-pod1").status()).isEqualTo(404);
        }
    }

    @Test
    void aNamespaceTheRuntimeRemovedWithoutDelIsNoticedAndItsEndpointReleased(ThrowawayNs ns, ThrowawayNs pod) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient api = host.client();
            api.post("/v1/networks", "{\"name\": \"web\", \"ipv4\": [{\"subnet\": \"10.94.0.0/24\"}]}");
            // The runtime's namespace file, as podman keeps one under /run/netns: a bind mount of the pod's.
            Path file = host.directory().resolve("cni-pod1-netns");
            Files.createFile(file);
            Command.check("mount", "--bind", pod.ns().path().toString(), file.toString());
            try {
                assertThat(cni(host, "ADD", file, CONFIG).exitCode()).isZero();
                assertThat(ns.ipLinkNames().stream().filter(n -> n.startsWith("veth"))).hasSize(1);
            } finally {
                Command.check("umount", file.toString());
                Files.delete(file);
            }
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (api.get("/v1/sandboxes/cni-pod1").status() != 404 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(api.get("/v1/sandboxes/cni-pod1").status()).as("removed without a DEL").isEqualTo(404);
            assertThat(ns.ipLinkNames().stream().filter(n -> n.startsWith("veth"))).as("its veth released").isEmpty();
        }
    }

    private static boolean connects(NetNs client, NetNs server, int listenPort, String address) throws Exception {
        return connects(client, server, listenPort, address, listenPort);
    }

    /** Whether a connection from {@code client} to {@code address:port} reaches a listener in {@code server}. */
    private static boolean connects(NetNs client, NetNs server, int listenPort, String address, int port) throws Exception {
        try (ServerSocket listener = TestKernel.executor().call(server, () -> new ServerSocket(listenPort, 4))) {
            Thread accept = Thread.ofVirtual().start(() -> {
                try (Socket s = listener.accept(); OutputStream out = s.getOutputStream()) {
                    out.write('x');
                } catch (IOException e) {
                    // the test's connect failed
                }
            });
            try {
                return TestKernel.executor().call(client, () -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(address, port), 2000);
                        return socket.getInputStream().read() == 'x';
                    } catch (IOException e) {
                        return false;
                    }
                });
            } finally {
                listener.close();
                accept.join(2000);
            }
        }
    }
}

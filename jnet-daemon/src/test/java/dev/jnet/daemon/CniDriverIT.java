package dev.jnet.daemon;

import dev.jnet.daemon.testing.ApiClient;
import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.daemon.testing.Traffic;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.TcpProbe;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CNI plugins as a jnet driver, with Debian's containernetworking-plugins: a connect runs a configuration
 * list's ADD chain on the sandbox (bridge + host-local + portmap + firewall + tuning; macvlan; ptp +
 * bandwidth), a disconnect its DEL, and a failing plugin in the middle undoes the ones before it. Checked
 * with real packets, the embedded DNS, {@code ip -j}, {@code tc -j}, host-local's files and the plugins'
 * iptables rules, all inside the fake host the plugins run in.
 */
@ExtendWith(NetnsExtension.class)
class CniDriverIT {
    @org.junit.jupiter.api.BeforeAll
    static void pluginsInstalled() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/lib/cni/bridge")),
                "Debian's containernetworking-plugins are not installed (bin/test-all installs them)");
    }

    private static JsonNode created(ApiClient.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    /** A jnetd that finds lists in the host's directory {@code cni}, and the plugins where Debian puts them. */
    private static Path start(FakeHost host) throws Exception {
        host.startDaemon(config(host));
        return lists(host);
    }

    private static Path lists(FakeHost host) throws Exception {
        return Files.createDirectories(host.directory().resolve("cni"));
    }

    private static DaemonConfig config(FakeHost host) throws Exception {
        return host.config().withPlugins(DaemonConfig.PluginSettings.DEFAULT.withCniConfDirs(List.of(lists(host))));
    }

    private static String bridgeList(Path ipam, String middle) {
        return """
                {"cniVersion": "1.0.0", "name": "cniweb", "plugins": [
                  {"type": "bridge", "bridge": "cnibr0", "isGateway": true, "capabilities": {"ips": true},
                   "ipam": {"type": "host-local", "dataDir": "%s",
                            "ranges": [[{"subnet": "10.77.0.0/24", "rangeStart": "10.77.0.10"}]],
                            "routes": [{"dst": "0.0.0.0/0"}]}},
                  %s
                  {"type": "portmap", "capabilities": {"portMappings": true}}
                ]}""".formatted(ipam, middle);
    }

    @Test
    void aBridgeChainAddressesRoutesPublishesAndNamesSandboxesAndItsDelUndoesEveryPlugin(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            Path lists = start(host);
            Path ipam = host.directory().resolve("ipam");
            Files.writeString(lists.resolve("web.conflist"), bridgeList(ipam, """
                    {"type": "firewall", "backend": "iptables"},
                    {"type": "tuning", "capabilities": {"mac": true}, "sysctl": {"net.core.somaxconn": "777"}},"""));
            ApiClient api = host.client();
            JsonNode network = created(api.post("/v1/networks", """
                    {"name": "web", "driver": "cni", "options": {"cni.conflist": "cniweb"}}"""));
            assertThat(network.path("ipam").path("ipv4")).as("the plugins' IPAM, not jnet's").isEmpty();
            String one = created(api.post("/v1/sandboxes", "{\"name\": \"one\"}")).path("namespace").asString();
            String two = created(api.post("/v1/sandboxes", "{\"name\": \"two\"}")).path("namespace").asString();
            JsonNode first = created(api.post("/v1/networks/web/connect", "{\"sandbox\": \"one\", \"ports\": [\"8080:80\"]}"));
            JsonNode second = created(api.post("/v1/networks/web/connect", "{\"sandbox\": \"two\", \"ipv4\": \"10.77.0.50\"}"));

            assertThat(first.path("ipv4").asString()).as("host-local's first address").isEqualTo("10.77.0.10/24");
            assertThat(second.path("ipv4").asString()).as("asked for through the ips capability").isEqualTo("10.77.0.50/24");
            assertThat(Files.exists(ipam.resolve("cniweb").resolve("10.77.0.10"))).isTrue();
            JsonNode link = new ThrowawayNsView(one).json("ip", "-j", "link", "show", "eth0").get(0);
            assertThat(link.path("address").asString()).as("tuning set the endpoint's MAC").isEqualTo(first.path("mac").asString());
            assertThat(new ThrowawayNsView(one).exec("cat", "/proc/sys/net/core/somaxconn").stdout().strip()).isEqualTo("777");
            assertThat(new ThrowawayNsView(two).exec("ip", "-j", "route", "show", "default").stdout()).contains("10.77.0.1");
            assertThat(Traffic.connects(Path.of(two), Path.of(one), InetAddress.getByName("10.77.0.10")))
                    .as("two reaches one over the plugin's bridge").isTrue();
            assertThat(TcpProbe.sourceSeen(ns.ns(), NetNs.at(Path.of(one)), 80, InetAddress.getByName("10.77.0.1"), 8080))
                    .as("portmap's DNAT of the published port").isPresent();
            var dig = new ThrowawayNsView(two).exec("dig", "+time=3", "+tries=1", "+short", "@127.0.0.11", "one");
            assertThat(dig.stdout()).as(dig.stderr()).isEqualTo("10.77.0.10\n");
            assertThat(ns.exec("iptables-save").stdout()).contains("CNI-HOSTPORT-DNAT", "CNI-FORWARD");

            assertThat(api.post("/v1/networks/web/disconnect", "{\"sandbox\": \"one\"}").status()).isIn(200, 204);
            assertThat(Files.exists(ipam.resolve("cniweb").resolve("10.77.0.10"))).as("host-local released it").isFalse();
            assertThat(new ThrowawayNsView(one).exec("ip", "link", "show", "eth0").exitCode()).isNotZero();
            assertThat(ns.exec("iptables-save").stdout()).as("portmap removed its mapping").doesNotContain("8080");
            assertThat(api.post("/v1/networks/web/disconnect", "{\"sandbox\": \"two\"}").status()).isIn(200, 204);
            assertThat(api.delete("/v1/networks/web").status()).isIn(200, 204);
            assertThat(ns.ipLinkNames()).as("only the bridge plugin's bridge is left, as CNI's DEL leaves it")
                    .noneMatch(n -> n.startsWith("veth"));
        }
    }

    @Test
    void macvlanAndPtpWithBandwidthListsConnectSandboxes(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            Path lists = start(host);
            ns.exec("ip", "link", "add", "uplink0", "type", "veth", "peer", "name", "uplink1").orFail(List.of("veth"));
            ns.exec("ip", "link", "set", "uplink0", "up");
            ns.exec("ip", "link", "set", "uplink1", "up");
            Path ipam = host.directory().resolve("ipam");
            Files.writeString(lists.resolve("lan.conf"), """
                    {"cniVersion": "1.0.0", "name": "lan", "type": "macvlan", "master": "uplink0", "mode": "bridge",
                     "ipam": {"type": "host-local", "dataDir": "%s", "ranges": [[{"subnet": "10.78.0.0/24"}]]}}"""
                    .formatted(ipam));
            Files.writeString(lists.resolve("p2p.conflist"), """
                    {"cniVersion": "0.4.0", "name": "p2p", "plugins": [
                      {"type": "ptp", "ipam": {"type": "host-local", "dataDir": "%s", "ranges": [[{"subnet": "10.79.0.0/24"}]]}},
                      {"type": "bandwidth", "ingressRate": 8000000, "ingressBurst": 100000,
                       "egressRate": 8000000, "egressBurst": 100000}
                    ]}""".formatted(ipam));
            ApiClient api = host.client();
            created(api.post("/v1/networks", "{\"name\": \"lan\", \"driver\": \"cni\", \"options\": {\"cni.conflist\": \"lan\"}}"));
            created(api.post("/v1/networks", "{\"name\": \"p2p\", \"driver\": \"cni\", \"options\": {\"cni.conflist\": \""
                    + lists.resolve("p2p.conflist") + "\"}}"));
            String one = created(api.post("/v1/sandboxes", "{\"name\": \"one\"}")).path("namespace").asString();
            String two = created(api.post("/v1/sandboxes", "{\"name\": \"two\"}")).path("namespace").asString();
            JsonNode oneOnLan = created(api.post("/v1/networks/lan/connect", "{\"sandbox\": \"one\"}"));
            assertThat(oneOnLan.path("mac").asString()).as("the MAC macvlan chose, from its result")
                    .isEqualTo(new ThrowawayNsView(one).json("ip", "-j", "link", "show", "eth0").get(0).path("address").asString());
            String twoOnLan = created(api.post("/v1/networks/lan/connect", "{\"sandbox\": \"two\"}")).path("ipv4").asString();
            assertThat(new ThrowawayNsView(one).json("ip", "-j", "-d", "link", "show", "eth0").get(0)
                    .path("linkinfo").path("info_kind").asString()).isEqualTo("macvlan");
            assertThat(Traffic.connects(Path.of(one), Path.of(two), InetAddress.getByName(twoOnLan.split("/")[0])))
                    .as("macvlan siblings on one uplink").isTrue();

            var macRefused = api.post("/v1/networks/p2p/connect", "{\"sandbox\": \"one\", \"mac\": \"02:42:ac:11:00:99\"}");
            assertThat(macRefused.status()).as(macRefused.toString()).isEqualTo(400);
            assertThat(macRefused.message()).contains("cannot give the requested MAC address 02:42:ac:11:00:99");
            assertThat(new ThrowawayNsView(one).exec("ip", "link", "show", "eth1").exitCode()).as("undone").isNotZero();
            JsonNode p2p = created(api.post("/v1/networks/p2p/connect", "{\"sandbox\": \"one\"}"));
            assertThat(p2p.path("interface").asString()).isEqualTo("eth1");
            InetAddress address = InetAddress.getByName(p2p.path("ipv4").asString().split("/")[0]);
            assertThat(Traffic.connects(ns.ns().path(), Path.of(one), address)).as("the host reaches it over ptp's route").isTrue();
            assertThat(ns.exec("tc", "-j", "qdisc", "show").stdout()).as("bandwidth's shaping").contains("\"kind\":\"tbf\"");

            assertThat(api.post("/v1/networks/p2p/disconnect", "{\"sandbox\": \"one\"}").status()).isIn(200, 204);
            assertThat(ns.exec("tc", "-j", "qdisc", "show").stdout()).doesNotContain("\"kind\":\"tbf\"");
            assertThat(ns.ipLinkNames()).noneMatch(n -> n.startsWith("veth") || n.startsWith("bwp"));
        }
    }

    @Test
    void aFailingPluginInTheMiddleUndoesTheOnesBeforeItAndBadListsMakeNoNetwork(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            Path lists = start(host);
            Path ipam = host.directory().resolve("ipam");
            Files.writeString(lists.resolve("bad.conflist"), bridgeList(ipam, """
                    {"type": "tuning", "sysctl": {"net.ipv4.no_such_sysctl": "1"}},"""));
            ApiClient api = host.client();
            created(api.post("/v1/networks", "{\"name\": \"bad\", \"driver\": \"cni\", \"options\": {\"cni.conflist\": \"bad\"}}"));
            String one = created(api.post("/v1/sandboxes", "{\"name\": \"one\"}")).path("namespace").asString();
            var refused = api.post("/v1/networks/bad/connect", "{\"sandbox\": \"one\", \"ports\": [\"8080:80\"]}");
            assertThat(refused.status()).as("the plugin's own error (code 999): the host's, not the request's " + refused)
                    .isEqualTo(503);
            assertThat(refused.message()).contains("CNI plugin tuning (ADD of network bad) failed (code 999)", "no_such_sysctl");
            assertThat(new ThrowawayNsView(one).exec("ip", "link", "show", "eth0").exitCode()).as("bridge's DEL ran").isNotZero();
            assertThat(ns.ipLinkNames()).noneMatch(n -> n.startsWith("veth"));
            try (var files = Files.list(ipam.resolve("cniweb"))) {
                assertThat(files.map(p -> p.getFileName().toString())).as("host-local's DEL ran")
                        .noneMatch(n -> n.startsWith("10."));
            }
            assertThat(api.get("/v1/networks/bad").json().path("endpoints").toString()).doesNotContain("one");
            assertThat(api.post("/v1/networks/bad/connect", "{\"sandbox\": \"one\", \"ports\": [\"8080:80\"]}").status())
                    .as("the host port was given back (else 409)").isEqualTo(503);

            Files.writeString(lists.resolve("broken.conflist"), "{\"cniVersion\": \"1.0.0\", \"name\": ");
            Files.writeString(lists.resolve("missing.conflist"), """
                    {"cniVersion": "1.0.0", "name": "missing", "plugins": [{"type": "nosuchplugin"}]}""");
            for (var bad : List.of(
                    List.of("{}", "needs option cni.conflist"),
                    List.of("{\"cni.conflist\": \"nowhere\"}", "no CNI configuration list named 'nowhere'"),
                    List.of("{\"cni.conflist\": \"broken\"}", "is not JSON"),
                    List.of("{\"cni.conflist\": \"missing\"}", "CNI plugin 'nosuchplugin' not found in"),
                    List.of("{\"cni.conflist\": \"bad\", \"color\": \"blue\"}", "unknown option color"))) {
                var r = api.post("/v1/networks", "{\"name\": \"x\", \"driver\": \"cni\", \"options\": " + bad.get(0) + "}");
                assertThat(r.status()).as(r.toString()).isEqualTo(400);
                assertThat(r.message()).contains(bad.get(1));
            }
            var internal = api.post("/v1/networks", """
                    {"name": "x", "driver": "cni", "internal": true, "options": {"cni.conflist": "bad"}}""");
            assertThat(internal.status()).as(internal.toString()).isEqualTo(400);
            assertThat(internal.message()).contains("a cni network cannot be --internal");
            assertThat(api.get("/v1/networks/x").status()).isEqualTo(404);
            var viaDocker = host.dockerClient().post("/networks/create", """
                    {"Name": "docked", "Driver": "cni", "Options": {"cni.conflist": "missing"}}""");
            assertThat(viaDocker.status()).as(viaDocker.toString()).isEqualTo(400);
            assertThat(viaDocker.message()).contains("CNI plugin 'nosuchplugin' not found");
            created(host.dockerClient().post("/networks/create", """
                    {"Name": "docked", "Driver": "cni", "Options": {"cni.conflist": "bad"}}"""));
            assertThat(host.dockerClient().get("/networks/docked").json().path("Driver").asString()).isEqualTo("cni");
        }
    }

    @Test
    void aPluginThatHangsOrLeavesAChildHoldingItsOutputIsKilledAtTheTimeout(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            Path bin = Files.createDirectories(host.directory().resolve("cni-bin"));
            Path pids = host.directory().resolve("plugin.pids");
            Files.writeString(bin.resolve("hang"), "#!/bin/sh\necho $$ >> " + pids + "\nexec sleep 60\n");
            // Its child keeps the plugin's stdout open after the plugin ended: a detached process jnet cannot kill.
            Files.writeString(bin.resolve("orphan"), "#!/bin/sh\nsleep 60 &\necho '{\"cniVersion\": \"1.0.0\"}'\n"
                    + "echo $! >> " + pids + ".orphans\n");
            for (String plugin : List.of("hang", "orphan")) {
                bin.resolve(plugin).toFile().setExecutable(true);
                Files.writeString(lists(host).resolve(plugin + ".conflist"), """
                        {"cniVersion": "1.0.0", "name": "%s", "plugins": [{"type": "%s"}]}""".formatted(plugin, plugin));
            }
            host.startDaemon(config(host).withPlugins(config(host).plugins().withCniPath(List.of(bin))
                    .withTimeout(java.time.Duration.ofSeconds(1))));
            ApiClient api = host.client();
            created(api.post("/v1/sandboxes", "{\"name\": \"one\"}"));
            for (String plugin : List.of("hang", "orphan")) {
                created(api.post("/v1/networks", "{\"name\": \"" + plugin + "\", \"driver\": \"cni\", \"options\": "
                        + "{\"cni.conflist\": \"" + plugin + "\"}}"));
                long start = System.nanoTime();
                var r = api.post("/v1/networks/" + plugin + "/connect", "{\"sandbox\": \"one\"}");
                assertThat(r.status()).as(r.toString()).isEqualTo(503);
                assertThat(r.message()).contains("CNI plugin " + plugin + " (ADD of network " + plugin + ")",
                        "did not finish within 1.0 s and was killed");
                assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("ADD and its DEL, a second each")
                        .isLessThan(java.time.Duration.ofSeconds(5));
            }
            try {
                for (String pid : Files.readAllLines(pids)) {
                    assertThat(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false))
                            .as("the hanging plugin " + pid + " was killed").isFalse();
                }
            } finally {
                for (String pid : Files.readAllLines(Path.of(pids + ".orphans"))) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }

    @Test
    void aRestartKeepsCniEndpointsAndOneThatFailsCheckIsAddedAgainWithItsAddress(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            Daemon daemon = host.startDaemon(config(host));
            Path ipam = host.directory().resolve("ipam");
            Files.writeString(lists(host).resolve("web.conflist"), bridgeList(ipam, ""));
            ApiClient api = host.client();
            created(api.post("/v1/networks", "{\"name\": \"web\", \"driver\": \"cni\", \"options\": {\"cni.conflist\": \"web\"}}"));
            String one = created(api.post("/v1/sandboxes", "{\"name\": \"one\"}")).path("namespace").asString();
            String two = created(api.post("/v1/sandboxes", "{\"name\": \"two\"}")).path("namespace").asString();
            created(api.post("/v1/networks/web/connect", "{\"sandbox\": \"one\"}"));
            created(api.post("/v1/networks/web/connect", "{\"sandbox\": \"two\"}"));
            daemon.close();
            Daemon again = host.startDaemon(config(host));
            assertThat(again.controller().startupReport().endpointsRejoined()).as("CHECK passed for both").isZero();
            new ThrowawayNsView(one).exec("ip", "addr", "flush", "dev", "eth0");
            JsonNode report = host.client().post("/v1/system/reconcile", "").json();
            assertThat(report.path("endpointsRejoined").asInt()).as("CHECK saw the address gone: " + report).isEqualTo(1);
            assertThat(Traffic.connects(Path.of(two), Path.of(one), InetAddress.getByName("10.77.0.10")))
                    .as("joined again at the address it had").isTrue();
            assertThat(api.post("/v1/networks/web/disconnect", "{\"sandbox\": \"one\"}").status()).isIn(200, 204);
            assertThat(Files.exists(ipam.resolve("cniweb").resolve("10.77.0.10"))).as("DEL after the restart").isFalse();
        }
    }

    /** A sandbox namespace seen from the tests, for running programs in it. */
    private record ThrowawayNsView(String path) {
        dev.jnet.kernel.testing.Command.Result exec(String... command) {
            List<String> full = new java.util.ArrayList<>(List.of("nsenter", "--net=" + path));
            full.addAll(List.of(command));
            return dev.jnet.kernel.testing.Command.run(full);
        }

        JsonNode json(String... command) {
            return tools.jackson.databind.json.JsonMapper.builder().build().readTree(exec(command).stdout());
        }
    }
}

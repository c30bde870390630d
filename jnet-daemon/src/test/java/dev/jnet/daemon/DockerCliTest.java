package dev.jnet.daemon;

import dev.jnet.daemon.testing.ApiClient;
import dev.jnet.daemon.testing.DockerCli;
import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.kernel.rtnl.LinkOptions;
import dev.jnet.kernel.rtnl.LinkSpec;
import dev.jnet.net.IfName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The stock docker client (docker -H unix://...) against a jnetd in a fake host: what it prints is what it
 * prints against dockerd for the same commands (docs/docker-api.md, /work/shared/reference).
 */
@ExtendWith(NetnsExtension.class)
class DockerCliTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Optional<Path> docker;

    @BeforeAll
    static void findDocker() {
        docker = DockerCli.find();
    }

    private static DockerCli docker(FakeHost host) {
        assumeTrue(docker.isPresent(), "no docker client on PATH or in /usr/local/bin: the docker CLI tests need one");
        host.startDaemon();
        return DockerCli.of(docker.get(), host);
    }

    private static void fails(Command.Result result, String message) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).startsWith("Error response from daemon: ").contains(message);
    }

    private static String sandbox(FakeHost host, String name) {
        ApiClient.Response created = host.client().post("/v1/sandboxes", "{\"name\": \"" + name + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    @Test
    void versionAndInfoNegotiateTheCurrentApiAndOlderClientsDownTo124(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            DockerCli cli = docker(host);
            assertThat(cli.check("version", "--format", "{{.Server.APIVersion}} {{.Server.MinAPIVersion}} {{.Server.Os}}"))
                    .isEqualTo("1.50 1.24 linux\n");
            String version = cli.check("version");
            assertThat(version).contains("Server: jnet ", " Engine:", "API version:      1.50 (minimum version 1.24)", " Java:");
            Command.Result info = cli.run("info");
            assertThat(info.stdout()).contains(" Network: bridge cni host ipvlan macvlan null", " Swarm: inactive", "Base: 172.17.0.0/16, Size: 16");
            assertThat(info.stderr()).contains("WARNING: jnet serves only the network part of the Docker Engine API");
            assertThat(cli.check("info", "--format", "{{.Containers}} {{json .Plugins.Network}}")).isEqualTo("0 [\"bridge\",\"cni\",\"host\",\"ipvlan\",\"macvlan\",\"null\"]\n");

            for (String old : List.of("1.24", "1.27", "1.41", "1.47")) {
                assertThat(cli.run(Map.of("DOCKER_API_VERSION", old), "network", "ls", "--format", "{{.Name}}").stdout())
                        .as("API " + old).isEqualTo("bridge\nhost\nnone\n");
            }
            fails(cli.run(Map.of("DOCKER_API_VERSION", "1.23"), "network", "ls"),
                    "client version 1.23 is too old. Minimum supported API version is 1.24");
        }
    }

    @Test
    void createWithEveryOptionThenInspectShowsDockersFieldsAndJnetSeesTheSameNetwork(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            DockerCli cli = docker(host);
            String id = cli.check("network", "create", "--subnet", "10.250.0.0/24", "--gateway", "10.250.0.1",
                    "--ip-range", "10.250.0.128/25", "--aux-address", "router=10.250.0.2", "--aux-address", "dns=10.250.0.3",
                    "-o", "com.docker.network.driver.mtu=1400", "--label", "team=a", "--label", "tier=web", "--internal",
                    "--attachable", "--ipv6", "--subnet", "fd00:1::/64", "web").strip();
            assertThat(id).matches("[0-9a-f]{64}");

            JsonNode inspected = JSON.readTree(cli.check("network", "inspect", "web")).get(0);
            assertThat(inspected.propertyNames()).containsExactly("Name", "Id", "Created", "Scope", "Driver", "EnableIPv4",
                    "EnableIPv6", "IPAM", "Internal", "Attachable", "Ingress", "ConfigFrom", "ConfigOnly", "Containers",
                    "Options", "Labels");
            assertThat(inspected.path("Created").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
            assertThat(cli.check("network", "inspect", "--format", "{{.Name}} {{.Id}} {{.Scope}} {{.Driver}} {{.EnableIPv4}}"
                    + " {{.EnableIPv6}} {{.Internal}} {{.Attachable}} {{.Ingress}} {{.ConfigOnly}} {{.ConfigFrom.Network}}.", id))
                    .isEqualTo("web " + id + " local bridge true true true true false false .\n");
            assertThat(cli.check("network", "inspect", "-f", "{{json .IPAM}}", "web")).isEqualTo("{\"Driver\":\"default\",\"Options\":{},"
                    + "\"Config\":[{\"Subnet\":\"10.250.0.0/24\",\"IPRange\":\"10.250.0.128/25\",\"Gateway\":\"10.250.0.1\","
                    + "\"AuxiliaryAddresses\":{\"dns\":\"10.250.0.3\",\"router\":\"10.250.0.2\"}},"
                    + "{\"Subnet\":\"fd00:1::/64\"}]}\n");
            assertThat(cli.check("network", "inspect", "-f", "{{index .Options \"com.docker.network.driver.mtu\"}} "
                    + "{{.Labels.team}} {{len .Containers}}", id.substring(0, 10))).isEqualTo("1400 a 0\n");

            JsonNode jnet = host.client().get("/v1/networks/web").json();
            assertThat(jnet.path("id").asString()).isEqualTo(id);
            assertThat(jnet.path("ipam").path("ipv4").get(0).path("ipRange").asString()).isEqualTo("10.250.0.128/25");
            assertThat(jnet.path("ipam").path("ipv6").get(0).path("subnet").asString()).isEqualTo("fd00:1::/64");
            assertThat(jnet.path("internal").asBoolean()).isTrue();
            assertThat(jnet.path("labels").toString()).isEqualTo("{\"team\":\"a\",\"tier\":\"web\"}");

            ApiClient.Response fromJnet = host.client().post("/v1/networks", "{\"name\": \"native\", \"ipv4\": [{\"subnet\": \"10.251.0.0/24\"}]}");
            assertThat(cli.check("network", "inspect", "-f", "{{.Id}} {{range .IPAM.Config}}{{.Subnet}}{{end}}", "native"))
                    .isEqualTo(fromJnet.json().path("id").asString() + " 10.251.0.0/24\n");
        }
    }

    @Test
    void macvlanNetworksAreCreatedInspectedAndRefusedAsDockerdDoes(ThrowawayNs ns, ThrowawayNs lan) {
        try (FakeHost host = new FakeHost(ns)) {
            ns.rtnl().links().create(new LinkSpec.Veth(IfName.of("uplink"), IfName.of("lan0")).withPeerIn(lan.ns())
                    .withOptions(LinkOptions.DEFAULTS.withUp(true), LinkOptions.DEFAULTS));
            DockerCli cli = docker(host);
            String id = cli.check("network", "create", "-d", "macvlan", "--subnet", "192.0.2.0/24", "--gateway", "192.0.2.1",
                    "-o", "parent=uplink", "lan").strip();
            assertThat(cli.check("network", "inspect", "-f", "{{.Driver}} {{.Scope}} {{.Internal}} {{json .Options}}"
                    + "{{range .IPAM.Config}} {{.Subnet}} {{.Gateway}}{{end}}", "lan"))
                    .isEqualTo("macvlan local false {\"parent\":\"uplink\"} 192.0.2.0/24 192.0.2.1\n");
            assertThat(cli.check("network", "ls", "--filter", "driver=macvlan", "--format", "{{.Name}} {{.Driver}} {{.Scope}}"))
                    .isEqualTo("lan macvlan local\n");
            String box = sandbox(host, "box");
            assertThat(host.client().post("/v1/networks/lan/connect", "{\"sandbox\": \"box\"}").status()).isEqualTo(201);
            assertThat(cli.check("network", "inspect", "-f", "{{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}}", id))
                    .isEqualTo("box 192.0.2.2/24\n");

            fails(cli.run("network", "create", "-d", "macvlan", "--subnet", "198.51.100.0/24", "-o", "parent=uplink", "again"),
                    "network lan is already using parent interface uplink");
            fails(cli.run("network", "create", "-d", "macvlan", "-o", "parent=nosuch0", "x"),
                    "parent interface nosuch0 of network x was not found in the host namespace");
            fails(cli.run("network", "create", "-d", "macvlan", "-o", "macvlan_mode=loud", "-o", "parent=uplink", "y"),
                    "option macvlan_mode must be one of bridge, private, vepa, passthru, not 'loud'");
            assertThat(cli.check("network", "ls", "--format", "{{.Name}}")).doesNotContain("again", "x\n", "y\n");
            assertThat(host.client().delete("/v1/sandboxes/" + box).status()).isEqualTo(204);
            cli.check("network", "rm", "lan");
            assertThat(ns.ipLinkNames()).contains("uplink").noneMatch(n -> n.startsWith("dm-") || n.startsWith("jnp"));
        }
    }

    @Test
    void lsPrintsDockersTableAndAppliesEachFilterOnTheServer(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            DockerCli cli = docker(host);
            String web = cli.check("network", "create", "--label", "team=a", "--internal", "web").strip();
            cli.check("network", "create", "--label", "team", "db");
            cli.check("network", "create", "--ipv6", "v6");
            cli.check("network", "connect", "db", sandbox(host, "s1"));

            List<String> table = cli.check("network", "ls").lines().toList();
            assertThat(table.getFirst()).isEqualTo("NETWORK ID     NAME      DRIVER    SCOPE");
            assertThat(table).contains(web.substring(0, 12) + "   web       bridge    local");
            assertThat(table.stream().skip(1).map(l -> l.split(" +")[1]).toList())
                    .containsExactly("bridge", "db", "host", "none", "v6", "web");

            assertThat(names(cli, "driver=bridge")).containsExactly("bridge", "db", "v6", "web");
            assertThat(names(cli, "driver=null")).containsExactly("none");
            assertThat(names(cli, "name=e")).containsExactly("bridge", "none", "web");
            assertThat(names(cli, "name=^w")).containsExactly("web");
            assertThat(names(cli, "id=" + web.substring(0, 6))).containsExactly("web");
            assertThat(names(cli, "label=team")).containsExactly("db", "web");
            assertThat(names(cli, "label=team=a")).containsExactly("web");
            assertThat(names(cli, "scope=local")).hasSize(6);
            assertThat(names(cli, "scope=swarm")).isEmpty();
            assertThat(names(cli, "type=custom")).containsExactly("db", "v6", "web");
            assertThat(names(cli, "type=builtin")).containsExactly("bridge", "host", "none");
            assertThat(names(cli, "dangling=true")).containsExactly("v6", "web");
            assertThat(names(cli, "dangling=false")).containsExactly("bridge", "db", "host", "none");
            assertThat(cli.check("network", "ls", "-f", "driver=bridge", "-f", "label=team", "-q"))
                    .isEqualTo(cli.check("network", "ls", "-q", "-f", "label=team"));

            assertThat(cli.check("network", "ls", "-f", "name=web", "--format",
                    "{{.ID}} {{.Name}} {{.Driver}} {{.Scope}} {{.IPv4}} {{.IPv6}} {{.Internal}} {{.Labels}} {{.Label \"team\"}}"))
                    .isEqualTo(web.substring(0, 12) + " web bridge local true false true team=a a\n");
            assertThat(cli.check("network", "ls", "-f", "name=v6", "--no-trunc", "--format", "{{.ID}} {{.IPv6}}"))
                    .matches("[0-9a-f]{64} true\n");
            JsonNode line = JSON.readTree(cli.check("network", "ls", "-f", "name=web", "--format", "json"));
            assertThat(line.propertyNames()).containsExactly("CreatedAt", "Driver", "ID", "IPv4", "IPv6", "Internal",
                    "Labels", "Name", "Scope");
            assertThat(line.path("CreatedAt").asString()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)? \\+0000 UTC");

            fails(cli.run("network", "ls", "-f", "type=other"), "invalid filter: 'type'='other'");
            fails(cli.run("network", "ls", "-f", "colour=red"), "invalid filter 'colour'");
            fails(cli.run("network", "ls", "-f", "dangling=maybe"), "invalid value for filter 'dangling'");
        }
    }

    private static List<String> names(DockerCli cli, String filter) {
        return cli.check("network", "ls", "--filter", filter, "--format", "{{.Name}}").lines().toList();
    }

    @Test
    void connectWithIpAndAliasesShowsTheSandboxAsAContainerAndDisconnectForceRemovesIt(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            DockerCli cli = docker(host);
            cli.check("network", "create", "--subnet", "10.252.0.0/24", "--ipv6", "--subnet", "fd00:2::/64", "web");
            String c1 = sandbox(host, "c1");
            String c2 = sandbox(host, "c2");

            assertThat(cli.check("network", "connect", "--ip", "10.252.0.9", "--ip6", "fd00:2::9", "--alias", "db",
                    "--alias", "primary", "web", "c1")).isEmpty();
            assertThat(cli.check("network", "connect", "web", c2.substring(0, 12))).as("a sandbox by id prefix").isEmpty();
            fails(cli.run("network", "connect", "web", "c2"), "endpoint with name c2 already exists in network web");
            assertThat(cli.check("inspect", "-f", "{{.Name}} {{.Driver}}", "web")).as("generic inspect finds networks")
                    .isEqualTo("web bridge\n");

            JsonNode containers = JSON.readTree(cli.check("network", "inspect", "-f", "{{json .Containers}}", "web"));
            JsonNode first = containers.path(c1);
            assertThat(first.propertyNames()).containsExactly("Name", "EndpointID", "MacAddress", "IPv4Address", "IPv6Address");
            assertThat(first.path("Name").asString()).isEqualTo("c1");
            assertThat(first.path("IPv4Address").asString()).isEqualTo("10.252.0.9/24");
            assertThat(first.path("IPv6Address").asString()).isEqualTo("fd00:2::9/64");
            assertThat(first.path("MacAddress").asString()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
            assertThat(cli.check("network", "inspect", "-f", "{{range .Containers}}{{.Name}} {{end}}", "web")).contains("c1", "c2");

            JsonNode endpoint = host.client().get("/v1/sandboxes/c1").json().path("endpoints").get(0);
            assertThat(endpoint.path("id").asString()).isEqualTo(first.path("EndpointID").asString());
            assertThat(endpoint.path("aliases").toString()).isEqualTo("[\"db\",\"primary\"]");
            assertThat(endpoint.path("ipv4").asString()).isEqualTo("10.252.0.9/24");

            fails(cli.run("network", "rm", "web"), "has active endpoints");
            assertThat(cli.check("network", "disconnect", "-f", "web", "c1")).isEmpty();
            assertThat(cli.check("network", "disconnect", "web", "c2")).isEmpty();
            assertThat(cli.check("network", "inspect", "-f", "{{len .Containers}}", "web")).isEqualTo("0\n");
            assertThat(host.client().get("/v1/sandboxes/c1").json().path("endpoints").size()).isZero();

            fails(cli.run("network", "connect", "web", "nosuch"), "No such container: nosuch");
            fails(cli.run("network", "connect", "nosuch", "c1"), "network nosuch not found");
            fails(cli.run("network", "connect", "--ip", "10.9.9.9", "web", "c1"), "10.9.9.9");
            cli.check("network", "create", "auto");
            fails(cli.run("network", "connect", "--ip", "172.19.0.50", "auto", "c1"),
                    "user specified IP address is supported only when connecting to networks with user configured subnets");
            assertThat(cli.check("network", "inspect", "-f", "{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}", "auto"))
                    .as("a subnet IPAM chose is shown with its gateway").matches("\\d+\\.\\d+\\.0\\.0/16 \\d+\\.\\d+\\.0\\.1\n");
            cli.check("network", "rm", "auto");
            fails(cli.run("network", "connect", "--link", "c2:x", "web", "c1"), "jnet does not implement legacy container links");
            fails(cli.run("network", "connect", "--link-local-ip", "169.254.1.1", "web", "c1"), "link-local");
            fails(cli.run("network", "connect", "--gw-priority", "5", "web", "c1"), "gateway priorities");
            assertThat(host.client().get("/v1/sandboxes/c1").json().path("endpoints").size()).isZero();
        }
    }

    @Test
    void dockerEventsShowsNetworkCreateConnectDisconnectAndDestroyWithItsFilters(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            DockerCli cli = docker(host);
            String since = Long.toString(java.time.Instant.now().minusSeconds(1).getEpochSecond());
            String id = cli.check("network", "create", "evnet").strip();
            String sandbox = sandbox(host, "evbox");
            cli.check("network", "connect", "evnet", sandbox);
            cli.check("network", "disconnect", "evnet", sandbox);
            cli.check("network", "rm", "evnet");
            String until = Long.toString(java.time.Instant.now().plusSeconds(1).getEpochSecond());
            List<String> lines = cli.check("events", "--since", since, "--until", until, "--filter", "type=network")
                    .lines().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
            assertThat(lines).containsExactly(
                    "network create " + id + " (name=evnet, type=bridge)",
                    "network connect " + id + " (container=" + sandbox + ", name=evnet, type=bridge)",
                    "network disconnect " + id + " (container=" + sandbox + ", name=evnet, type=bridge)",
                    "network destroy " + id + " (name=evnet, type=bridge)");
            assertThat(cli.check("events", "--since", since, "--until", until, "--filter", "event=connect",
                    "--format", "{{.Action}} {{.Actor.Attributes.name}}")).isEqualTo("connect evnet\n");
            assertThat(cli.check("events", "--since", since, "--until", until, "--filter", "type=container")).isEmpty();
        }
    }

    @Test
    void rmOfSeveralGoesOnPastMissingOnesAndPruneRemovesWhatItsFiltersMatch(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            DockerCli cli = docker(host);
            for (String name : List.of("a", "b", "p1", "p3")) {
                cli.check("network", "create", name);
            }
            cli.check("network", "create", "--label", "keep", "p2");
            cli.check("network", "create", "--label", "env=dev", "p4");

            Command.Result rm = cli.run("network", "rm", "a", "nosuch", "b");
            assertThat(rm.exitCode()).isEqualTo(1);
            assertThat(rm.stdout()).isEqualTo("a\nb\n");
            assertThat(rm.stderr()).contains("Error response from daemon: network nosuch not found");
            assertThat(cli.run("network", "rm", "-f", "nosuch").exitCode()).isZero();
            fails(cli.run("network", "rm", "bridge"), "bridge is a pre-defined network and cannot be removed");
            fails(cli.run("network", "rm", "host"), "host is a pre-defined network and cannot be removed");

            cli.check("network", "connect", "p3", sandbox(host, "user"));
            assertThat(cli.check("network", "prune", "-f", "--filter", "until=2000-01-01T00:00:00Z")).isEmpty();
            assertThat(cli.check("network", "prune", "-f", "--filter", "label=env=dev")).isEqualTo("Deleted Networks:\np4\n\n");
            assertThat(cli.check("network", "prune", "-f", "--filter", "label!=keep", "--filter", "until=1m")).isEmpty();
            String inAnHour = Long.toString(java.time.Instant.now().plusSeconds(3600).getEpochSecond());
            assertThat(cli.check("network", "prune", "-f", "--filter", "label!=keep", "--filter", "until=" + inAnHour))
                    .isEqualTo("Deleted Networks:\np1\n\n");
            assertThat(cli.check("network", "ls", "--format", "{{.Name}}").lines().toList())
                    .containsExactly("bridge", "host", "none", "p2", "p3");
            fails(cli.run("network", "prune", "-f", "--filter", "until=later"), "failed to parse value 'later'");
            fails(cli.run("network", "prune", "-f", "--filter", "name=p2"), "invalid filter 'name'");
            assertThat(host.client().get("/v1/networks").json().size()).isEqualTo(5);
        }
    }

    @Test
    void errorsUseDockersWordingAndWhatJnetDoesNotImplementIsSaid(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            DockerCli cli = docker(host);
            cli.check("network", "create", "web");
            fails(cli.run("network", "create", "web"), "network with name web already exists");
            fails(cli.run("network", "create", "bridge"), "operation is not permitted on predefined bridge network");
            fails(cli.run("network", "create", "-d", "host", "h2"), "only one instance of \"host\" network is allowed");
            Command.Result missing = cli.run("network", "inspect", "nosuch");
            assertThat(missing.stdout()).isEqualTo("[]\n");
            fails(missing, "network nosuch not found");

            List<String[]> unsupported = new ArrayList<>();
            unsupported.add(new String[] {"--config-only", "c"});
            unsupported.add(new String[] {"--config-from", "web", "c"});
            unsupported.add(new String[] {"--scope", "swarm", "c"});
            unsupported.add(new String[] {"--ingress", "c"});
            unsupported.add(new String[] {"--ipam-driver", "dhcp", "c"});
            unsupported.add(new String[] {"--ipam-opt", "x=y", "c"});
            unsupported.add(new String[] {"--subnet", "fd00:3::/64", "c"});
            List<String> messages = List.of("config-only networks", "--config-from web", "scope 'swarm' is not implemented",
                    "ingress networks", "IPAM driver 'dhcp' not found", "takes no options, got x",
                    "IPv6 subnets but EnableIPv6 is not set");
            for (int i = 0; i < unsupported.size(); i++) {
                List<String> args = new ArrayList<>(List.of("network", "create"));
                args.addAll(List.of(unsupported.get(i)));
                fails(cli.run(args.toArray(String[]::new)), messages.get(i));
            }
            assertThat(cli.check("network", "ls", "-q", "-f", "name=^c$")).isEmpty();

            fails(cli.run("ps"), "GET /containers/json is not supported by jnet");
            fails(cli.run("volume", "ls"), "GET /volumes is not supported by jnet");
        }
    }

    @Test
    void onAHostWithDocker0sRouteCreateSkipsItAndRefusesWhatNoNetworkMayUse(ThrowawayNs ns) {
        for (String command : List.of("link add hv0 type veth peer name hv1", "link set hv0 up",
                "route add 172.17.0.0/16 dev hv0")) {
            List<String> ip = new ArrayList<>(List.of("ip"));
            ip.addAll(List.of(command.split(" ")));
            ns.exec(ip.toArray(String[]::new)).orFail(ip);
        }
        try (FakeHost host = new FakeHost(ns)) {
            DockerCli cli = docker(host);
            cli.check("network", "create", "auto");
            assertThat(cli.check("network", "inspect", "-f", "{{range .IPAM.Config}}{{.Subnet}}{{end}}", "bridge", "auto"))
                    .isEqualTo("172.18.0.0/16\n172.19.0.0/16\n");

            // The docker CLI prints only the id of a created network (it does not show the answer's Warning).
            Command.Result overlapping = cli.run("network", "create", "--subnet", "172.17.5.0/24", "web");
            assertThat(overlapping.exitCode()).as(overlapping.toString()).isZero();
            assertThat(overlapping.stdout()).matches("[0-9a-f]{64}\n");
            assertThat(overlapping.stderr()).isEmpty();

            fails(cli.run("network", "create", "--subnet", "127.3.0.0/16", "lo3"),
                    "IPAM.Config[0]: subnet 127.3.0.0/16 overlaps the loopback block 127.0.0.0/8");
            fails(cli.run("network", "create", "--subnet", "10.5.0.0/32", "tiny"),
                    "subnet 10.5.0.0/32 holds only 1 address: too small for a network with a gateway");
            fails(cli.run("network", "create", "--subnet", "10.6.0.0/24", "--aux-address", "=10.6.0.9", "noname"),
                    "IPAM.Config[0].AuxiliaryAddresses: an auxiliary address needs a name");
            assertThat(cli.check("network", "ls", "-q", "-f", "name=^(lo3|tiny|noname)$")).isEmpty();
        }
    }
}

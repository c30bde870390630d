package dev.jnet.daemon;

import dev.jnet.daemon.testing.BusyboxRootfs;
import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.daemon.testing.RealDockerd;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real dockerd (Debian's docker.io 20.10) using jnetd as its network plugin, both in one fake host:
 * containers on a jnet network talk by name (dockerd's own DNS), a published port answers from the host,
 * a container on another jnet network cannot reach them, and removing everything leaves nothing of jnet's.
 */
@ExtendWith(NetnsExtension.class)
class DockerdPluginIT {
    private static final String GET_BY_NAME = BusyboxRootfs.getByName("server");

    @Test
    void containersOnAJnetNetworkTalkByNamePublishAPortAndAreKeptApartFromAnotherNetwork(ThrowawayNs ns) throws Exception {
        assumeTrue(RealDockerd.missing().isEmpty(), () -> "no dockerd here: " + RealDockerd.missing().orElse(""));
        try (FakeHost host = new FakeHost(ns)) {
            Path plugin = host.directory().resolve("docker/jnet.sock");
            DaemonConfig config = host.config().withDockerPlugin(new DaemonConfig.PluginSocket("jnet", plugin));
            Daemon jnetd = host.startDaemon(config);
            ns.rtnl().links().setUp(dev.jnet.net.IfName.of("lo"));
            try (RealDockerd dockerd = RealDockerd.start(ns, host.directory().resolve("docker"), Map.of("jnet", plugin))) {
                dockerd.importBusybox();
                dockerd.check("network", "create", "-d", "jnet", "--subnet", "10.91.0.0/24", "web");
                dockerd.check("network", "create", "-d", "jnet", "--subnet", "10.92.0.0/24", "other");
                assertThat(dockerd.check("network", "inspect", "-f", "{{.Driver}} {{.Scope}}", "web")).isEqualTo("jnet local\n");
                assertThat(host.client().get("/v1/networks").body()).contains("\"dev.jnet.docker.network\"");

                dockerd.check("run", "-d", "--name", "server", "--network", "web", "-p", "8080:80", RealDockerd.IMAGE,
                        "httpd", "-f", "-p", "80", "-h", "/www");
                // busybox's own resolver and nc (Debian's static busybox crashes in its wget, and in glibc's lookups)
                String byName = dockerd.check("run", "--rm", "--network", "web", RealDockerd.IMAGE, "sh", "-c", GET_BY_NAME);
                assertThat(byName).as("by name, through dockerd's DNS, over jnet's bridge").contains("hello from jnet");
                String serverIp = dockerd.check("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
                        "server").strip();
                assertThat(serverIp).startsWith("10.91.0.");

                Command.Result published = ns.exec("curl", "-s", "-m", "5", "http://127.0.0.1:8080/");
                assertThat(published.stdout()).as("the published port, from the host").isEqualTo("hello from jnet\n");
                Command.Result apart = dockerd.docker("run", "--rm", "--network", "other", RealDockerd.IMAGE, "sh", "-c",
                        "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 " + serverIp + " 80");
                assertThat(apart.stdout()).as("from another jnet network: " + apart).doesNotContain("hello from jnet");

                jnetd.close(); // a jnetd restart: the container keeps its network, jnetd its plugin state
                jnetd = host.startDaemon(config);
                assertThat(ns.exec("curl", "-s", "-m", "5", "http://127.0.0.1:8080/").stdout()).as("after jnetd's restart")
                        .isEqualTo("hello from jnet\n");
                assertThat(dockerd.check("run", "--rm", "--network", "web", RealDockerd.IMAGE, "sh", "-c", GET_BY_NAME))
                        .as("a new container, after jnetd's restart").contains("hello from jnet");

                dockerd.check("rm", "-f", "server");
                dockerd.check("network", "rm", "web", "other");
                assertThat(host.client().get("/v1/sandboxes").json().valueStream()
                        .filter(s -> s.path("name").asString().startsWith("docker-")).count()).isZero();
                assertThat(ns.ipLinkNames()).noneMatch(n -> n.startsWith("vp") || n.startsWith("br-") || n.startsWith("veth"));
            }
        }
    }

    @Test
    void jnetsIpamChoosesTheSubnetsAndAddressesOfDockerNetworks(ThrowawayNs ns) throws Exception {
        assumeTrue(RealDockerd.missing().isEmpty(), () -> "no dockerd here: " + RealDockerd.missing().orElse(""));
        try (FakeHost host = new FakeHost(ns)) {
            Path plugin = host.directory().resolve("docker/jnet.sock");
            host.startDaemon(host.config().withDockerPlugin(new DaemonConfig.PluginSocket("jnet", plugin)));
            try (RealDockerd dockerd = RealDockerd.start(ns, host.directory().resolve("docker"), Map.of("jnet", plugin))) {
                dockerd.importBusybox();
                dockerd.check("network", "create", "-d", "jnet", "--ipam-driver", "jnet", "auto");
                dockerd.check("network", "create", "-d", "jnet", "--ipam-driver", "jnet", "--subnet", "10.93.5.0/24", "given");
                String[] auto = dockerd.check("network", "inspect", "-f", "{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}",
                        "auto").strip().split(" ");
                assertThat(auto[1]).as("the subnet's first address is the gateway").endsWith(".1");
                String autoId = dockerd.check("network", "inspect", "-f", "{{.Id}}", "auto").strip();
                assertThat(host.client().get("/v1/networks/docker-" + autoId).json().path("ipam").path("ipv4").get(0)
                        .path("subnet").asString()).as("the subnet jnet chose is its network's").isEqualTo(auto[0]);

                Command.Result clash = dockerd.docker("network", "create", "-d", "jnet", "--ipam-driver", "jnet", "--subnet",
                        auto[0], "clash");
                assertThat(clash.exitCode()).isNotZero();
                assertThat(clash.stderr()).contains("overlaps");

                String first = dockerd.check("run", "--rm", "--network", "given", RealDockerd.IMAGE, "ip", "-o", "-4", "addr",
                        "show", "eth0");
                assertThat(first).as("jnet's lowest free address").contains("inet 10.93.5.2/24");
                String fixed = dockerd.check("run", "--rm", "--network", "given", "--ip", "10.93.5.9", RealDockerd.IMAGE, "ip",
                        "-o", "-4", "addr", "show", "eth0");
                assertThat(fixed).contains("inet 10.93.5.9/24");
                String prefix = auto[0].substring(0, auto[0].lastIndexOf('.') + 1);
                assertThat(dockerd.check("run", "--rm", "--network", "auto", RealDockerd.IMAGE, "ip", "-o", "-4", "addr", "show",
                        "eth0")).contains("inet " + prefix + "2/");

                dockerd.check("network", "rm", "auto", "given");
                assertThat(host.client().post("/v1/networks", "{\"name\": \"after\", \"ipv4\": [{\"subnet\": \"10.93.5.0/24\"}]}")
                        .status()).as("the subnet is free again").isEqualTo(201);
            }
        }
    }

    @Test
    void aContainerOnTwoJnetNetworksKeepsItsPublishedPort(ThrowawayNs ns) throws Exception {
        assumeTrue(RealDockerd.missing().isEmpty(), () -> "no dockerd here: " + RealDockerd.missing().orElse(""));
        try (FakeHost host = new FakeHost(ns)) {
            Path plugin = host.directory().resolve("docker/jnet.sock");
            host.startDaemon(host.config().withDockerPlugin(new DaemonConfig.PluginSocket("jnet", plugin)));
            ns.rtnl().links().setUp(dev.jnet.net.IfName.of("lo"));
            try (RealDockerd dockerd = RealDockerd.start(ns, host.directory().resolve("docker"), Map.of("jnet", plugin))) {
                dockerd.importBusybox();
                dockerd.check("network", "create", "-d", "jnet", "--subnet", "10.91.0.0/24", "web");
                dockerd.check("network", "create", "-d", "jnet", "--subnet", "10.92.0.0/24", "back");
                dockerd.check("run", "-d", "--name", "server", "--network", "web", "-p", "8080:80", RealDockerd.IMAGE,
                        "httpd", "-f", "-p", "80", "-h", "/www");
                Command.Result connect = dockerd.docker("network", "connect", "back", "server");
                assertThat(connect.exitCode()).as(connect + "\n" + dockerd.log()).isZero();
                assertThat(ns.exec("curl", "-s", "-m", "5", "http://127.0.0.1:8080/").stdout())
                        .as("the published port, with the container on two networks").isEqualTo("hello from jnet\n");
                assertThat(dockerd.check("run", "--rm", "--network", "back", RealDockerd.IMAGE, "sh", "-c", GET_BY_NAME))
                        .as("by name on the second network").contains("hello from jnet");
                dockerd.check("network", "disconnect", "back", "server");
                assertThat(ns.exec("curl", "-s", "-m", "5", "http://127.0.0.1:8080/").stdout())
                        .as("after leaving the second network").isEqualTo("hello from jnet\n");
            }
        }
    }

    @Test
    void afterDockerdsRestartItsContainersComeBackOnJnetAndNothingStaleIsLeft(ThrowawayNs ns) throws Exception {
        assumeTrue(RealDockerd.missing().isEmpty(), () -> "no dockerd here: " + RealDockerd.missing().orElse(""));
        try (FakeHost host = new FakeHost(ns)) {
            Path plugin = host.directory().resolve("docker/jnet.sock");
            host.startDaemon(host.config().withDockerPlugin(new DaemonConfig.PluginSocket("jnet", plugin)));
            ns.rtnl().links().setUp(dev.jnet.net.IfName.of("lo"));
            try (RealDockerd dockerd = RealDockerd.start(ns, host.directory().resolve("docker"), Map.of("jnet", plugin))) {
                dockerd.importBusybox();
                dockerd.check("network", "create", "-d", "jnet", "--subnet", "10.91.0.0/24", "web");
                dockerd.check("run", "-d", "--name", "server", "--network", "web", "-p", "8080:80", "--restart", "always",
                        "--stop-timeout", "1", RealDockerd.IMAGE, "httpd", "-f", "-p", "80", "-h", "/www");
                assertThat(ns.exec("curl", "-s", "-m", "5", "http://127.0.0.1:8080/").stdout()).isEqualTo("hello from jnet\n");

                dockerd.restart(ns);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!dockerd.docker("inspect", "-f", "{{.State.Running}}", "server").stdout().strip().equals("true")
                        && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(ns.exec("curl", "-s", "-m", "5", "http://127.0.0.1:8080/").stdout())
                        .as("the published port, after dockerd's restart: " + dockerd.log()).isEqualTo("hello from jnet\n");
                assertThat(host.client().get("/v1/sandboxes").json().valueStream()
                        .filter(s -> s.path("runtime").asString().equals("docker")).count())
                        .as("the container's endpoint from before the restart is gone").isEqualTo(1);
                assertThat(dockerd.check("run", "--rm", "--network", "web", RealDockerd.IMAGE, "sh", "-c", GET_BY_NAME))
                        .as("by name, after dockerd's restart").contains("hello from jnet");
                dockerd.check("rm", "-f", "server");
                assertThat(host.client().get("/v1/sandboxes").json().valueStream()
                        .filter(s -> s.path("runtime").asString().equals("docker")).count()).isZero();
            }
        }
    }
}

package dev.jnet.daemon;

import dev.jnet.daemon.testing.ApiClient;
import dev.jnet.daemon.testing.BusyboxRootfs;
import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.daemon.testing.RealPodman;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real podman (Debian's 4.3, CNI backend) whose network is a conflist of type jnet: containers find each
 * other by name through jnet's resolver, a port mapping answers from the host, a static IP is given, each
 * container is a jnet sandbox of runtime "cni", and podman's own teardown (CNI DEL) removes what jnet made.
 */
@ExtendWith(NetnsExtension.class)
class PodmanCniIT {
    private static final String GET_BY_NAME = BusyboxRootfs.getByName("server");

    @Test
    void podmanContainersOnAJnetNetworkTalkByNameMapAPortTakeAStaticIpAndLeaveNothing(ThrowawayNs ns) throws Exception {
        assumeTrue(RealPodman.missing().isEmpty(), () -> "no podman here: " + RealPodman.missing().orElse(""));
        try (FakeHost host = new FakeHost(ns); RealPodman podman = RealPodman.start(host)) {
            ns.rtnl().links().setUp(dev.jnet.net.IfName.of("lo"));
            ApiClient api = host.client();
            assertThat(api.post("/v1/networks", "{\"name\": \"jnetnet\", \"ipv4\": [{\"subnet\": \"10.96.0.0/24\"}]}").status())
                    .isEqualTo(201);
            podman.addNetwork("jnetnet");
            String rootfs = podman.rootfs();

            podman.run("-d", "--name", "server", "--network", "jnetnet", "-p", "8080:80", "--rootfs", rootfs,
                    "httpd", "-f", "-p", "80", "-h", "/www");
            assertThat(podman.run("--rm", "--network", "jnetnet", "--rootfs", rootfs, "sh", "-c", GET_BY_NAME))
                    .as("by name, through jnet's resolver, over jnet's bridge").contains("hello from jnet");
            assertThat(ns.exec("curl", "-s", "-m", "5", "http://127.0.0.1:8080/").stdout())
                    .as("the port mapping, from the host").isEqualTo("hello from jnet\n");
            assertThat(podman.run("--rm", "--network", "jnetnet", "--ip", "10.96.0.77", "--rootfs", rootfs,
                    "ip", "-o", "-4", "addr", "show", "eth0")).as("a static IP").contains("inet 10.96.0.77/24");

            List<JsonNode> sandboxes = api.get("/v1/sandboxes").json().valueStream().toList();
            assertThat(sandboxes).as("the server only: podman's DEL removed the others").hasSize(1);
            assertThat(sandboxes.getFirst().path("runtime").asString()).isEqualTo("cni");
            assertThat(sandboxes.getFirst().path("endpoints").get(0).path("aliases").toString()).contains("\"server\"");
            String serverId = podman.check("inspect", "-f", "{{.Id}}", "server").strip();
            assertThat(sandboxes.getFirst().path("name").asString()).isEqualTo("cni-" + serverId);

            podman.check("rm", "-f", "-t", "0", "server");
            assertThat(api.get("/v1/sandboxes").json().size()).as("after podman rm").isZero();
            assertThat(ns.ipLinkNames()).noneMatch(n -> n.startsWith("veth"));
            assertThat(podman.jnetd().log()).as("each removal came as a DEL, none was found by the watch")
                    .doesNotContain("removed its namespace");
        }
    }
}

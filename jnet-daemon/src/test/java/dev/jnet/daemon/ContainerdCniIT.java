package dev.jnet.daemon;

import dev.jnet.daemon.testing.ApiClient;
import dev.jnet.daemon.testing.BusyboxRootfs;
import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.daemon.testing.RealContainerd;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real containerd (Debian's 1.6) whose {@code ctr run --cni} calls jnet's CNI plugin: a detached container
 * serves, another finds it by its sandbox's name through jnet's resolver and gets its page, then ends and is
 * removed by ctr's DEL; the killed server, for which ctr calls no DEL, is noticed by its process's end and
 * its endpoint released.
 */
@ExtendWith(NetnsExtension.class)
class ContainerdCniIT {
    private static final String CONFLIST = """
            {"cniVersion": "1.0.0", "name": "jnetnet", "plugins": [{"type": "jnet"}]}""";

    @Test
    void ctrContainersOnAJnetNetworkTalkByNameAndLeaveNothing(ThrowawayNs ns) throws Exception {
        assumeTrue(RealContainerd.missing().isEmpty(), () -> "no containerd here: " + RealContainerd.missing().orElse(""));
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ns.rtnl().links().setUp(dev.jnet.net.IfName.of("lo"));
            ApiClient api = host.client();
            assertThat(api.post("/v1/networks", "{\"name\": \"jnetnet\", \"ipv4\": [{\"subnet\": \"10.98.0.0/24\"}]}").status())
                    .isEqualTo(201);
            try (RealContainerd containerd = RealContainerd.start(host, CONFLIST)) {
                Command.Result server = containerd.run(List.of("-d"), "server", "/bin/httpd", "-f", "-p", "80", "-h", "/www");
                assertThat(server.exitCode()).as(server + containerd.log()).isZero();
                JsonNode sandbox = api.get("/v1/sandboxes/cni-default-server").json();
                assertThat(sandbox.path("runtime").asString()).isEqualTo("cni");
                assertThat(sandbox.path("namespace").asString()).as("ctr names the task's namespace").matches("/proc/[0-9]+/ns/net");

                Command.Result client = containerd.run(List.of("--rm"), "client", "/bin/sh", "-c",
                        BusyboxRootfs.getByName("cni-default-server"));
                assertThat(client.stdout()).as("by name, through jnet's resolver: " + client).contains("hello from jnet");
                assertThat(api.get("/v1/sandboxes/cni-default-client").status()).as("ctr's DEL removed it").isEqualTo(404);

                containerd.kill("server");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (api.get("/v1/sandboxes/cni-default-server").status() != 404 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(api.get("/v1/sandboxes/cni-default-server").status()).as("its process ended: no DEL needed")
                        .isEqualTo(404);
                assertThat(ns.ipLinkNames()).noneMatch(n -> n.startsWith("veth"));
            }
        }
    }
}

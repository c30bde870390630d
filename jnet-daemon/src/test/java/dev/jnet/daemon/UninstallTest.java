package dev.jnet.daemon;

import dev.jnet.daemon.testing.ApiClient;
import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /v1/system/uninstall} on a fake host that another firewall shares: afterwards nothing of jnet's
 * is left (links, tables, rules in the other firewall, namespaces, mounts, files) and forwarding is back off.
 */
@ExtendWith(NetnsExtension.class)
class UninstallTest {
    @Test
    void uninstallRemovesEverythingJnetMadeRestoresForwardingAndStopsJnetd(ThrowawayNs ns) throws Exception {
        ns.exec("sysctl", "-qw", "net.ipv4.ip_forward=0", "net.ipv6.conf.all.forwarding=0").orFail(List.of("sysctl"));
        ns.exec("nft", "add table inet other; add chain inet other FORWARD { type filter hook forward priority 0; policy drop; }")
                .orFail(List.of("nft add table inet other"));
        try (FakeHost host = new FakeHost(ns)) {
            Daemon daemon = host.startDaemon();
            ApiClient api = host.client();
            assertThat(api.post("/v1/networks", "{\"name\": \"web\", \"ipv6Enabled\": true}").status()).isEqualTo(201);
            assertThat(api.post("/v1/sandboxes", "{\"name\": \"app\"}").status()).isEqualTo(201);
            assertThat(api.post("/v1/networks/web/connect", "{\"sandbox\": \"app\", \"ports\": [\"8080:80\"]}").status())
                    .isEqualTo(201);
            assertThat(api.post("/v1/sandboxes", "{\"name\": \"idle\"}").status()).isEqualTo(201);
            assertThat(sysctl(ns, "net.ipv4.ip_forward")).isEqualTo("1");
            assertThat(ns.exec("nft", "list", "chain", "inet", "other", "FORWARD").stdout()).contains("comment \"jnet\"");
            assertThat(host.jnetLinks()).isNotEmpty();

            ApiClient.Response answer = api.post("/v1/system/uninstall", null);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            JsonNode report = answer.json();
            assertThat(report.path("sandboxesRemoved").toString()).isEqualTo("[\"app\",\"idle\"]");
            assertThat(report.path("networksRemoved").toString()).isEqualTo("[\"bridge\",\"host\",\"none\",\"web\"]");
            assertThat(report.path("sysctlsRestored").toString())
                    .isEqualTo("[\"net.ipv4.ip_forward: 1 -> 0\",\"net.ipv6.conf.all.forwarding: 1 -> 0\"]");

            Thread stop = Thread.ofVirtual().start(() -> {
                try {
                    daemon.awaitStop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(stop.join(java.time.Duration.ofSeconds(30))).as("jnetd stops after the uninstall").isTrue();

            assertThat(host.jnetLinks()).as("jnet's bridges and veths").isEmpty();
            assertThat(ns.exec("nft", "list", "tables").stdout()).doesNotContain("jnet").contains("table inet other");
            assertThat(ns.exec("nft", "list", "chain", "inet", "other", "FORWARD").stdout()).doesNotContain("jnet");
            assertThat(sysctl(ns, "net.ipv4.ip_forward")).isEqualTo("0");
            assertThat(sysctl(ns, "net.ipv6.conf.all.forwarding")).isEqualTo("0");
            assertThat(Files.exists(host.stateDirectory())).as("the state directory").isFalse();
            assertThat(Files.exists(host.runDirectory())).as("the run directory").isFalse();
            assertThat(Files.exists(host.socket())).isFalse();
            assertThat(Files.readString(java.nio.file.Path.of("/proc/self/mountinfo")))
                    .as("no namespace or directory mount left").doesNotContain(host.runDirectory().toString());
        } finally {
            ns.exec("nft", "delete table inet other");
        }
    }

    @Test
    void aSecondUninstallOrAChangeDuringOneIsRefused(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            Daemon daemon = host.startDaemon();
            var controller = daemon.controller();
            controller.uninstall();
            assertThat(org.assertj.core.api.Assertions.catchThrowable(controller::uninstall))
                    .hasMessage("jnet is being uninstalled from this host; jnetd is stopping");
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> controller.createSandbox(
                    dev.jnet.core.model.SandboxSpec.named("late"))))
                    .hasMessage("jnet is being uninstalled from this host; jnetd is stopping");
        }
    }

    private static String sysctl(ThrowawayNs ns, String key) {
        return ns.exec("sysctl", "-n", key).stdout().strip();
    }
}

package dev.jnet.daemon;

import dev.jnet.daemon.testing.ApiClient;
import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.daemon.testing.Traffic;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A 2xx answer means the change is in the store: a daemon restarted on the same directories has it. */
@ExtendWith(NetnsExtension.class)
class DurabilityTest {

    private static void accepted(ApiClient.Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(200, 299);
    }

    @Test
    void everyChangeAnsweredWith2xxIsThereAfterARestartOnTheSameDirectories(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            Daemon first = host.startDaemon();
            ApiClient api = host.client();
            accepted(api.post("/v1/networks", "{\"name\": \"kept\", \"ipv4\": [{\"subnet\": \"10.3.0.0/24\"}], \"labels\": {\"a\": \"b\"}}"));
            accepted(api.post("/v1/networks", "{\"name\": \"removed\"}"));
            accepted(api.post("/v1/networks", "{\"name\": \"pruned\"}"));
            accepted(api.post("/v1/sandboxes", "{\"name\": \"a\", \"dns\": {\"servers\": [\"192.0.2.53\"]}}"));
            accepted(api.post("/v1/sandboxes", "{\"name\": \"b\"}"));
            accepted(api.post("/v1/sandboxes", "{\"name\": \"gone\"}"));
            accepted(api.post("/v1/networks/kept/connect", "{\"sandbox\": \"a\", \"aliases\": [\"web\"]}"));
            accepted(api.post("/v1/networks/kept/connect", "{\"sandbox\": \"b\", \"ipv4\": \"10.3.0.50\"}"));
            accepted(api.post("/v1/networks/removed/connect", "{\"sandbox\": \"b\"}"));
            accepted(api.post("/v1/networks/removed/disconnect", "{\"sandbox\": \"b\"}"));
            accepted(api.delete("/v1/networks/removed"));
            accepted(api.delete("/v1/sandboxes/gone"));
            accepted(api.post("/v1/networks/prune", "{}"));
            String networks = api.get("/v1/networks").body();
            String sandboxes = api.get("/v1/sandboxes").body();
            first.close();

            host.startDaemon();
            assertThat(api.get("/v1/networks").body()).isEqualTo(networks);
            assertThat(api.get("/v1/sandboxes").body()).isEqualTo(sandboxes);
            JsonNode kept = api.get("/v1/networks/kept").json();
            assertThat(kept.path("endpoints")).hasSize(2);
            Path a = Path.of(api.get("/v1/sandboxes/a").json().path("namespace").asString());
            Path b = Path.of(api.get("/v1/sandboxes/b").json().path("namespace").asString());
            assertThat(Traffic.connects(a, b, Cidr.parseAddress("10.3.0.50"))).isTrue();
            assertThat(api.post("/v1/system/reconcile", null).body()).as("the restart already repaired everything")
                    .isEqualTo("{\"networksRecreated\":0,\"namespacesRecreated\":0,\"endpointsRejoined\":0,\"removed\":[],\"problems\":[]}");
        }
    }
}

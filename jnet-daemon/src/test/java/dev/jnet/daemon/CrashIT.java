package dev.jnet.daemon;

import dev.jnet.daemon.testing.ApiClient;
import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.daemon.testing.JnetdProcess;
import dev.jnet.daemon.testing.Traffic;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash test: SIGKILL jnetd in the middle of a burst of connects from several clients,
 * start it again on the same directories, and find every acknowledged change back, working, with no
 * address handed out twice and nothing orphaned in the kernel.
 */
@ExtendWith(NetnsExtension.class)
class CrashIT {
    private static final int CLIENTS = 4;
    private static final int ROUNDS_PER_CLIENT = 40;
    private static final int ACKNOWLEDGED_CONNECTS_BEFORE_KILL = 16;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the API acknowledged (2xx) before the crash, as it answered. */
    private final ConcurrentLinkedQueue<JsonNode> networks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<JsonNode> sandboxes = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<JsonNode> endpoints = new ConcurrentLinkedQueue<>();

    @Test
    void afterSigkillDuringABurstOfConnectsEveryAcknowledgedChangeIsBackWorkingAndNothingIsOrphaned(ThrowawayNs ns)
            throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            ApiClient api = host.client();
            try (JnetdProcess first = JnetdProcess.start(host).awaitReady(JnetdIT.START)) {
                for (String name : List.of("n0", "n1")) {
                    networks.add(api.post("/v1/networks", "{\"name\": \"" + name + "\"}").json());
                }
                burstAndKill(api, first);
            }
            assertThat(endpoints.size()).isGreaterThanOrEqualTo(ACKNOWLEDGED_CONNECTS_BEFORE_KILL);

            try (JnetdProcess second = JnetdProcess.start(host).awaitReady(JnetdIT.START)) {
                assertThat(second.log()).contains("removed the stale socket");
                everyAcknowledgedObjectIsBack(api);
                noAddressIsHeldTwiceAndTheKernelAgrees(api);
                endpointsOnOneNetworkReachEachOther(api);
                nothingIsOrphaned(host, api);
                assertThat(api.post("/v1/system/reconcile", null).body())
                        .isEqualTo("{\"networksRecreated\":0,\"namespacesRecreated\":0,\"endpointsRejoined\":0,\"removed\":[],\"problems\":[]}");
            }
        }
    }

    /** Clients create sandboxes, connect them and now and then create a network, until jnetd dies. */
    private void burstAndKill(ApiClient api, JnetdProcess jnetd) throws Exception {
        AtomicBoolean dead = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.submit(() -> {
                    for (int round = 0; round < ROUNDS_PER_CLIENT && !dead.get(); round++) {
                        try {
                            oneRound(api, client, round);
                        } catch (UncheckedIOException e) {
                            dead.set(true); // refused or cut off: jnetd is gone
                        }
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (endpoints.size() < ACKNOWLEDGED_CONNECTS_BEFORE_KILL && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            jnetd.kill();
            jnetd.waitFor(Duration.ofSeconds(30));
        } finally {
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    private void oneRound(ApiClient api, int client, int round) {
        if (round % 4 == 1) {
            acknowledged(api.post("/v1/networks", "{\"name\": \"x" + client + "-" + round + "\"}"), networks);
        }
        String sandbox = "c" + client + "-" + round;
        if (acknowledged(api.post("/v1/sandboxes", "{\"name\": \"" + sandbox + "\"}"), sandboxes)) {
            acknowledged(api.post("/v1/networks/n" + (round % 2) + "/connect", "{\"sandbox\": \"" + sandbox + "\"}"), endpoints);
        }
    }

    private static boolean acknowledged(ApiClient.Response response, ConcurrentLinkedQueue<JsonNode> into) {
        if (response.status() / 100 == 2) {
            into.add(response.json());
            return true;
        }
        return false;
    }

    private void everyAcknowledgedObjectIsBack(ApiClient api) {
        for (JsonNode network : networks) {
            JsonNode now = api.get("/v1/networks/" + network.path("id").asString()).json();
            assertThat(now.path("name").asString()).isEqualTo(network.path("name").asString());
            assertThat(now.path("ipam")).isEqualTo(network.path("ipam"));
        }
        for (JsonNode sandbox : sandboxes) {
            assertThat(api.get("/v1/sandboxes/" + sandbox.path("id").asString()).status()).isEqualTo(200);
        }
        for (JsonNode endpoint : endpoints) {
            JsonNode sandbox = api.get("/v1/sandboxes/" + endpoint.path("sandbox").asString()).json();
            assertThat(sandbox.path("endpoints")).as("endpoints of sandbox " + sandbox.path("name")).contains(endpoint);
        }
    }

    private static List<JsonNode> allEndpoints(ApiClient api) {
        List<JsonNode> all = new ArrayList<>();
        api.get("/v1/networks").json().forEach(n -> n.path("endpoints").forEach(all::add));
        return all;
    }

    private static void noAddressIsHeldTwiceAndTheKernelAgrees(ApiClient api) {
        Set<String> addresses = new HashSet<>();
        for (JsonNode endpoint : allEndpoints(api)) {
            if (!endpoint.path("ipv4").isNull()) {
                assertThat(addresses.add(endpoint.path("network").asString() + " " + endpoint.path("ipv4").asString()))
                        .as("address " + endpoint.path("ipv4") + " is held once").isTrue();
            }
        }
        for (JsonNode sandbox : api.get("/v1/sandboxes").json()) {
            Map<String, String> expected = new HashMap<>();
            sandbox.path("endpoints").forEach(e -> expected.put(e.path("interface").asString(), e.path("ipv4").asString()));
            Map<String, String> actual = new HashMap<>();
            JsonNode links = JSON.readTree(Command.check("nsenter", "--net=" + sandbox.path("namespace").asString(),
                    "ip", "-j", "-4", "addr", "show"));
            links.forEach(l -> l.path("addr_info").forEach(a -> {
                if (!l.path("ifname").asString().equals("lo")) {
                    actual.put(l.path("ifname").asString(), a.path("local").asString() + "/" + a.path("prefixlen").asInt());
                }
            }));
            assertThat(actual).as("interfaces of sandbox " + sandbox.path("name")).isEqualTo(expected);
        }
    }

    private static void endpointsOnOneNetworkReachEachOther(ApiClient api) {
        for (String network : List.of("n0", "n1")) {
            List<JsonNode> members = new ArrayList<>();
            api.get("/v1/networks/" + network).json().path("endpoints").forEach(members::add);
            JsonNode server = members.getFirst();
            Path serverNs = namespaceOf(api, server);
            for (JsonNode client : members.subList(1, Math.min(members.size(), 6))) {
                assertThat(Traffic.connects(namespaceOf(api, client), serverNs, Cidr.parse(server.path("ipv4").asString()).address()))
                        .as(client.path("name") + " reaches " + server.path("name") + " on " + network).isTrue();
            }
        }
    }

    private static Path namespaceOf(ApiClient api, JsonNode endpoint) {
        return Path.of(api.get("/v1/sandboxes/" + endpoint.path("sandbox").asString()).json().path("namespace").asString());
    }

    private static void nothingIsOrphaned(FakeHost host, ApiClient api) {
        Set<String> marks = new HashSet<>();
        for (JsonNode network : api.get("/v1/networks").json()) {
            marks.add("jnet:network:" + network.path("id").asString());
            network.path("endpoints").forEach(e -> marks.add("jnet:endpoint:" + e.path("id").asString()));
        }
        List<String> linkMarks = host.jnetLinks().stream().map(l -> l.path("ifalias").asString()).toList();
        assertThat(marks).containsAll(linkMarks);
        assertThat(host.ns().ipLinkNames()).as("every link in the fake host but lo is jnet's").hasSize(linkMarks.size() + 1);
        long bridgeEndpoints = allEndpoints(api).stream().filter(e -> !e.path("ipv4").isNull()).count();
        long networksWithBridges = linkMarks.stream().filter(m -> m.startsWith("jnet:network:")).count();
        assertThat(linkMarks).hasSize((int) (bridgeEndpoints + networksWithBridges));

        Set<String> namespaces = new HashSet<>();
        api.get("/v1/sandboxes").json().forEach(s -> namespaces.add(Path.of(s.path("namespace").asString()).getFileName().toString()));
        assertThat(host.namespaceFiles()).containsExactlyInAnyOrderElementsOf(namespaces);
    }
}

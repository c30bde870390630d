package dev.jnet.core.store;

import dev.jnet.core.model.DnsConfig;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.EndpointId;
import dev.jnet.core.model.ExtraHost;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.JoinRecord;
import dev.jnet.core.model.StaticRoute;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxId;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;
import dev.jnet.net.MacAddress;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.jnet.core.store.StoreFixtures.CREATED;
import static dev.jnet.core.store.StoreFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stored JSON format: what is written, and that anything else is refused on reading. */
class StoreJsonTest {
    private static final JsonMapper TREES = JsonMapper.builder().build();
    private static final String NET = "1".repeat(64);
    private static final String BOX = "2".repeat(64);
    private static final String EP = "3".repeat(64);

    private static final Network NETWORK = new Network(new NetworkId(NET), "web", "bridge", CREATED,
            List.of(new IpamPool(Cidr.parse("172.18.0.0/16"), Optional.empty(), Optional.of(ip("172.18.0.1")),
                    Map.of("router", ip("172.18.0.2")))),
            List.of(new IpamPool(Cidr.parse("fd00:0:0:1::/64"), Optional.of(Cidr.parse("fd00:0:0:1:0:0:1:0/112")),
                    Optional.empty(), Map.of())),
            Map.of("com.docker.network.bridge.name", "br-web"), Map.of(), false, true, true, true);

    private static final Endpoint ENDPOINT = new Endpoint(new EndpointId(EP), "box", new NetworkId(NET),
            new SandboxId(BOX), IfName.of("eth0"), Optional.of(Cidr.parse("172.18.0.3/16")), Optional.empty(),
            MacAddress.parse("02:42:AC:12:00:03"), List.of("db"), Map.of());

    private static final Sandbox SANDBOX = new Sandbox(new SandboxId(BOX), "box", "box.local",
            Path.of("/run/jnet/netns/sb-box"), false,
            new DnsConfig(List.of(ip("2001:db8:0:0:0:0:0:53")), List.of("example.com"), List.of("ndots:1")),
            List.of(new ExtraHost("gw", ip("172.18.0.1"))), CREATED);

    private static void assertJson(String actual, String expected) {
        assertThat(TREES.readTree(actual)).isEqualTo(TREES.readTree(expected));
    }

    @Test
    void aNetworkIsWrittenWithTextualAddressesAndNullForAbsentValues() {
        assertJson(StoreJson.write(NETWORK), """
                {"id": "%s", "name": "web", "driver": "bridge", "created": "2026-03-01T12:34:56.123456789Z",
                 "ipv4": [{"subnet": "172.18.0.0/16", "ipRange": null, "gateway": "172.18.0.1",
                           "auxAddresses": {"router": "172.18.0.2"}, "userSubnet": false, "userGateway": false,
                           "poolId": null}],
                 "ipv6": [{"subnet": "fd00:0:0:1::/64", "ipRange": "fd00::1:0:0:1:0/112", "gateway": null,
                           "auxAddresses": {}, "userSubnet": false, "userGateway": false, "poolId": null}],
                 "options": {"com.docker.network.bridge.name": "br-web"}, "labels": {},
                 "internal": false, "attachable": true, "ipv4Enabled": true, "ipv6Enabled": true,
                 "scope": "local", "driverData": {}, "ipam": {"driver": "default", "options": {}}}
                """.formatted(NET));
    }

    @Test
    void aNetworkOfAnIpamPluginKeepsItsDriverOptionsAndPoolIdsAndAnOlderPoolReadsAsJnetsOwn() {
        Network planned = new Network(NETWORK.id(), "planned", "bridge", CREATED,
                List.of(NETWORK.ipv4().getFirst().withPoolId("space/172.18.0.0/16")), List.of(), Map.of(), Map.of(),
                false, false, true, false, dev.jnet.core.model.Scope.LOCAL, Map.of(),
                new dev.jnet.core.model.IpamSpec("tipam", Map.of("color", "red")));
        String json = StoreJson.write(planned);
        assertThat(TREES.readTree(json).get("ipam")).isEqualTo(TREES.readTree("""
                {"driver": "tipam", "options": {"color": "red"}}"""));
        assertThat(TREES.readTree(json).get("ipv4").get(0).get("poolId").asString()).isEqualTo("space/172.18.0.0/16");
        assertThat(StoreJson.readNetwork(json)).isEqualTo(planned);
        String older = StoreJson.write(NETWORK).replace(",\"poolId\":null", "");
        assertThat(older).doesNotContain("poolId");
        assertThat(StoreJson.readNetwork(older)).isEqualTo(NETWORK);
    }

    @Test
    void anEndpointKeepsItsJoinRecordAndHost() {
        JoinRecord record = new JoinRecord(Optional.of(ip("172.18.0.1")), Optional.empty(),
                List.of(new StaticRoute(Cidr.parse("10.0.0.0/8"), Optional.of(ip("172.18.0.254"))),
                        StaticRoute.connected(Cidr.parse("192.0.2.0/24"))), true, Map.of("vni", "4096"));
        Endpoint joined = ENDPOINT.joinedAs(record, List.of(), ENDPOINT.ipv4(), ENDPOINT.ipv6()).onHost("host-1");

        String json = StoreJson.write(joined);
        assertThat(TREES.readTree(json).get("joined")).isEqualTo(TREES.readTree("""
                {"ipv4Gateway": "172.18.0.1", "ipv6Gateway": null, "defaultRoute": true, "driverData": {"vni": "4096"},
                 "routes": [{"destination": "10.0.0.0/8", "nextHop": "172.18.0.254"},
                            {"destination": "192.0.2.0/24", "nextHop": null}], "awaitingMove": null}
                """));
        assertThat(StoreJson.readEndpoint(json)).isEqualTo(joined);
        assertThat(StoreJson.readNetwork(StoreJson.write(NETWORK))).isEqualTo(NETWORK);
    }

    @Test
    void anEndpointIsWrittenWithIdsAsPlainStringsAndALowercaseMac() {
        assertJson(StoreJson.write(ENDPOINT), """
                {"id": "%s", "name": "box", "network": "%s", "sandbox": "%s", "interfaceName": "eth0",
                 "ipv4": "172.18.0.3/16", "ipv6": null, "mac": "02:42:ac:12:00:03", "aliases": ["db"],
                 "driverOptions": {}, "ports": [], "joined": null, "host": ""}
                """.formatted(EP, NET, BOX));
    }

    @Test
    void aSandboxIsWrittenWithIpv6InItsShortestForm() {
        assertJson(StoreJson.write(SANDBOX), """
                {"id": "%s", "name": "box", "hostname": "box.local", "namespace": "/run/jnet/netns/sb-box",
                 "hostNetwork": false,
                 "dns": {"servers": ["2001:db8::53"], "search": ["example.com"], "options": ["ndots:1"]},
                 "extraHosts": [{"name": "gw", "address": "172.18.0.1"}],
                 "created": "2026-03-01T12:34:56.123456789Z", "owner": null, "runtime": null}
                """.formatted(BOX));
    }

    @Test
    void aSandboxRowFromBeforeOwnersReadsWithoutOneAndAnOwnerReadsBack() {
        String old = StoreJson.write(SANDBOX).replace(",\"owner\":null", "");
        assertThat(old).doesNotContain("owner");
        assertThat(StoreJson.readSandbox(old)).isEqualTo(SANDBOX);
        Sandbox owned = new Sandbox(SANDBOX.id(), SANDBOX.name(), SANDBOX.hostname(), SANDBOX.namespace(), false,
                SANDBOX.dns(), SANDBOX.extraHosts(), SANDBOX.created(),
                java.util.Optional.of(new dev.jnet.core.model.SandboxOwner(4242, 987654)));
        assertThat(StoreJson.write(owned)).contains("\"owner\":{\"pid\":4242,\"startTime\":987654}");
        assertThat(StoreJson.readSandbox(StoreJson.write(owned))).isEqualTo(owned);
    }

    @Test
    void whatIsWrittenReadsBackEqual() {
        assertThat(StoreJson.readNetwork(StoreJson.write(NETWORK))).isEqualTo(NETWORK);
        assertThat(StoreJson.readEndpoint(StoreJson.write(ENDPOINT))).isEqualTo(ENDPOINT);
        assertThat(StoreJson.readSandbox(StoreJson.write(SANDBOX))).isEqualTo(SANDBOX);
    }

    @Test
    void mapEntriesAreWrittenInKeyOrderSoTheSameRecordIsAlwaysTheSameText() {
        String json = StoreJson.write(new Network(NETWORK.id(), "web", "bridge", CREATED, List.of(), List.of(),
                Map.of("z", "1", "a", "2", "m", "3"), Map.of(), false, false, false, false));

        assertThat(json).contains("\"options\":{\"a\":\"2\",\"m\":\"3\",\"z\":\"1\"}");
    }

    @Test
    void rowsOfTheFirstFormatReadWithTheOldMeaningOfFieldsAddedSince() {
        String endpoint = StoreJson.write(ENDPOINT).replace(",\"ports\":[]", "");
        String network = StoreJson.write(NETWORK).replace(",\"userSubnet\":false,\"userGateway\":false", "");
        assertThat(endpoint).doesNotContain("ports");
        assertThat(network).doesNotContain("userSubnet");

        assertThat(StoreJson.readEndpoint(endpoint)).isEqualTo(ENDPOINT);
        assertThat(StoreJson.readNetwork(network).ipv4().getFirst().userSubnet()).isTrue();
        assertThat(StoreJson.readNetwork(network).ipv4().getFirst().userGateway()).isTrue();
    }

    @Test
    void aFirstFormatRowThatMentionsPortsElsewhereStillReadsWithoutPorts() {
        Endpoint named = new Endpoint(ENDPOINT.id(), ENDPOINT.name(), ENDPOINT.network(), ENDPOINT.sandbox(),
                ENDPOINT.interfaceName(), ENDPOINT.ipv4(), ENDPOINT.ipv6(), ENDPOINT.mac(), List.of("ports"),
                Map.of("ports", "many"));
        String endpoint = StoreJson.write(named).replace(",\"ports\":[]", "");
        assertThat(endpoint).contains("\"ports\"").doesNotContain("\"ports\":[");

        assertThat(StoreJson.readEndpoint(endpoint)).isEqualTo(named);
    }

    @Test
    void anUnknownFieldIsRefused() {
        String json = StoreJson.write(ENDPOINT).replaceFirst("\\{", "{\"priority\": 1, ");

        assertThatThrownBy(() -> StoreJson.readEndpoint(json)).hasMessageContaining("priority");
    }

    @Test
    void aMissingFieldIsRefused() {
        String json = StoreJson.write(ENDPOINT).replace("\"ipv6\":null,", "");

        assertThatThrownBy(() -> StoreJson.readEndpoint(json)).hasMessageContaining("ipv6");
    }

    @Test
    void anInvalidValueIsRefusedByTheModelsOwnChecks() {
        String json = StoreJson.write(ENDPOINT).replace("02:42:ac:12:00:03", "02:42:ac");

        assertThatThrownBy(() -> StoreJson.readEndpoint(json)).hasMessageContaining("MAC address '02:42:ac'");
    }
}

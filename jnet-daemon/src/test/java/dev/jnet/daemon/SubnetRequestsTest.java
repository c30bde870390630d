package dev.jnet.daemon;

import dev.jnet.daemon.testing.ApiClient;
import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subnets through both sockets, on a fake host that already uses some: malformed IPAM values are 400s
 * naming the field, refused subnets are 400s that leave nothing behind, overlaps with host routes come
 * back as a warning, and an interface name the sandbox has is refused in its own words.
 */
@ExtendWith(NetnsExtension.class)
class SubnetRequestsTest {

    private static void fails(ApiClient.Response response, int status, String message) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.json().propertyNames()).containsExactly("message");
        assertThat(response.message()).as(response.toString()).contains(message);
    }

    private static JsonNode created(ApiClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    /** A veth in the fake host standing for docker0 or a VPN's tunnel, with a route and an address on it. */
    private static void hostUses(ThrowawayNs ns, String route, String address) {
        for (String command : List.of("link add hv0 type veth peer name hv1", "link set hv0 up", "route add " + route + " dev hv0",
                "addr add " + address + " dev hv0")) {
            List<String> ip = new ArrayList<>(List.of("ip"));
            ip.addAll(List.of(command.split(" ")));
            ns.exec(ip.toArray(String[]::new)).orFail(ip);
        }
    }

    private static String docker(String config) {
        return docker("x", config);
    }

    private static String docker(String name, String config) {
        return "{\"Name\": \"" + name + "\", \"EnableIPv6\": true, \"IPAM\": {\"Config\": [" + config + "]}}";
    }

    @Test
    void everyMalformedIpamValueIsA400NamingTheFieldOnTheDockerSocketAndLeavesNothing(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient api = host.dockerClient();
            List<String> links = ns.ipLinkNames();
            String s = "\"Subnet\": \"10.9.0.0/24\"";
            String[][] cases = {
                    {s + ", \"AuxiliaryAddresses\": {\"a\": \"\"}", "IPAM.Config[0].AuxiliaryAddresses[\"a\"]: the address must not be empty"},
                    {s + ", \"AuxiliaryAddresses\": {\"a\": \"10.9.0\"}", "IPAM.Config[0].AuxiliaryAddresses[\"a\"]: '10.9.0' is not a valid IP address"},
                    {s + ", \"AuxiliaryAddresses\": {\"\": \"10.9.0.9\"}", "IPAM.Config[0].AuxiliaryAddresses: an auxiliary address needs a name"},
                    {s + ", \"AuxiliaryAddresses\": {\"a\": \"10.8.0.9\"}", "IPAM.Config[0]: auxiliary address a 10.8.0.9 is not inside subnet 10.9.0.0/24"},
                    {"\"Subnet\": \"10.9.0.0/33\"", "IPAM.Config[0].Subnet: prefix length /33 is out of range"},
                    {"\"Subnet\": \"10.9.0.1/24\"", "IPAM.Config[0]: invalid subnet 10.9.0.1/24: it should be 10.9.0.0/24"},
                    {"\"Subnet\": \"fe80::1%hv0/64\"", "IPAM.Config[0].Subnet: 'fe80::1%hv0/64' is not a valid IP address or CIDR: an address here cannot carry a zone"},
                    {s + ", \"Gateway\": \"10.9.0.1/24\"", "IPAM.Config[0].Gateway: '10.9.0.1/24' is not a valid IP address"},
                    {"\"Gateway\": \"10.9.0.1\"", "IPAM.Config[0]: ip-range, gateway and aux-address need a subnet"},
                    {s + ", \"IPRange\": \"bad\"", "IPAM.Config[0].IPRange: 'bad' is not a valid IP address or CIDR"},
                    {s + ", \"IPRange\": \"10.9.1.0/25\"", "IPAM.Config[0]: ip-range 10.9.1.0/25 is not inside subnet 10.9.0.0/24"},
                    {"\"Subnet\": \"fd00:9::/64\", \"Gateway\": \"fd00:8::1\"", "IPAM.Config[0]: gateway fd00:8::1 is not inside subnet fd00:9::/64"},
                    {"\"Subnet\": \"fd00:9::/64\", \"AuxiliaryAddresses\": {\"r\": \"fd00:9::zz\"}", "IPAM.Config[0].AuxiliaryAddresses[\"r\"]: 'fd00:9::zz' is not a valid"},
                    {"\"Subnet\": \"127.1.0.0/16\"", "IPAM.Config[0]: subnet 127.1.0.0/16 overlaps the loopback block 127.0.0.0/8"},
                    {"\"Subnet\": \"224.1.0.0/16\"", "IPAM.Config[0]: subnet 224.1.0.0/16 overlaps the multicast block 224.0.0.0/4"},
                    {"\"Subnet\": \"0.0.0.0/0\"", "IPAM.Config[0]: subnet 0.0.0.0/0 takes in the unspecified address 0.0.0.0"},
                    {"\"Subnet\": \"::1/128\"", "IPAM.Config[0]: subnet ::1/128 overlaps the loopback block ::1/128"},
                    {"\"Subnet\": \"ff05::/16\"", "IPAM.Config[0]: subnet ff05::/16 overlaps the multicast block ff00::/8"},
                    {"\"Subnet\": \"::/0\"", "IPAM.Config[0]: subnet ::/0 takes in the unspecified address ::"},
                    {"{\"Subnet\": \"10.9.0.0/24\"}, {\"Subnet\": \"10.9.1.0/24\", \"Gateway\": \"\", \"IPRange\": \"::/0\"", "IPAM.Config[1]: ip-range ::/0 is not inside subnet 10.9.1.0/24"}};
            for (String[] c : cases) {
                String config = c[0].startsWith("{") ? c[0].substring(1) : c[0];
                fails(api.post("/networks/create", docker("{" + config + "}")), 400, c[1]);
            }

            assertThat(ns.ipLinkNames()).isEqualTo(links);
            assertThat(host.client().get("/v1/networks").json()).hasSize(3);
            created(api.post("/networks/create", docker("{" + s + ", \"AuxiliaryAddresses\": {\"a\": \"10.9.0.9\"}}")));
        }
    }

    @Test
    void everyMalformedPoolValueIsA400NamingTheFieldOnTheNativeSocket(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient api = host.client();
            String[][] cases = {
                    {"\"ipv4\": [{\"subnet\": \"10.9.0.0/24\", \"auxAddresses\": {\"a\": \"\"}}]", "ipv4[0].auxAddresses.a: '' is not a valid IP address"},
                    {"\"ipv4\": [{\"subnet\": \"10.9.0.0/24\", \"auxAddresses\": {\"\": \"10.9.0.9\"}}]", "ipv4[0].auxAddresses: an auxiliary address needs a name"},
                    {"\"ipv4\": [{\"subnet\": \"10.9.0.0/24\", \"auxAddresses\": {\"a\": \"10.8.0.9\"}}]", "ipv4[0]: auxiliary address a 10.8.0.9 is not inside subnet 10.9.0.0/24"},
                    {"\"ipv4\": [{\"subnet\": \"\"}]", "ipv4[0].subnet: CIDR must not be empty"},
                    {"\"ipv4\": [{\"subnet\": \"10.9.0.1/24\"}]", "ipv4[0]: invalid subnet 10.9.0.1/24: it should be 10.9.0.0/24"},
                    {"\"ipv4\": [{\"gateway\": \"10.9.0.1\"}]", "ipv4[0]: ip-range, gateway and aux-address need a subnet"},
                    {"\"ipv4\": [{\"subnet\": \"10.9.0.0/24\", \"ipRange\": \"10.9.0.0/\"}]", "ipv4[0].ipRange: CIDR '10.9.0.0/' has a bad prefix length"},
                    {"\"ipv4\": [{\"subnet\": \"fd00:9::/64\"}]", "ipv4[0].subnet: fd00:9::/64 is not an IPv4 subnet; it belongs in ipv6"},
                    {"\"ipv6\": [{\"subnet\": \"10.9.0.0/24\"}]", "ipv6[0].subnet: 10.9.0.0/24 is not an IPv6 subnet; it belongs in ipv4"},
                    {"\"ipv6\": [{\"subnet\": \"fd00:9::/64\", \"gateway\": \"fe80::1%hv0\"}]", "ipv6[0].gateway: 'fe80::1%hv0' is not a valid IP address or CIDR"},
                    {"\"ipv6\": [{\"subnet\": \"ff02::/16\"}]", "ipv6[0]: subnet ff02::/16 overlaps the multicast block ff00::/8"},
                    {"\"ipv4\": [{\"subnet\": \"127.0.0.0/8\"}]", "ipv4[0]: subnet 127.0.0.0/8 overlaps the loopback block 127.0.0.0/8"}};
            for (String[] c : cases) {
                fails(api.post("/v1/networks", "{\"name\": \"x\", " + c[0] + "}"), 400, c[1]);
            }
            assertThat(api.get("/v1/networks").json()).hasSize(3);
        }
    }

    @Test
    void aSubnetOverlappingAHostRouteIsCreatedWithAWarningOnBothSocketsAndAutomaticChoiceSkipsIt(ThrowawayNs ns) {
        hostUses(ns, "172.17.0.0/16", "10.66.0.5/24");
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient api = host.client();
            ApiClient docker = host.dockerClient();
            assertThat(api.get("/v1/networks/bridge").json().path("ipam").path("ipv4").get(0).path("subnet").asString())
                    .as("the default bridge steps over docker0's subnet").isEqualTo("172.18.0.0/16");

            JsonNode dockerAnswer = created(docker.post("/networks/create", docker("{\"Subnet\": \"172.17.5.0/24\"}")));
            assertThat(dockerAnswer.path("Warning").asString()).isEqualTo("subnet 172.17.5.0/24 overlaps the host's route"
                    + " 172.17.0.0/16 dev hv0; the host now has two ways to those addresses and may send their traffic the wrong way");
            JsonNode nativeAnswer = created(api.post("/v1/networks", "{\"name\": \"y\", \"ipv4\": [{\"subnet\": \"172.17.6.0/24\"}]}"));
            assertThat(nativeAnswer.path("warnings").toString()).contains("subnet 172.17.6.0/24 overlaps the host's route 172.17.0.0/16 dev hv0");
            assertThat(api.get("/v1/networks/y").json().has("warnings")).as("only the create answer warns").isFalse();
            assertThat(created(api.post("/v1/networks", "{\"name\": \"z\"}")).has("warnings")).isFalse();
            assertThat(created(docker.post("/networks/create", "{\"Name\": \"w\"}")).path("Warning").asString()).isEmpty();

            fails(docker.post("/networks/create", docker("u", "{\"Subnet\": \"10.66.0.0/16\"}")), 400,
                    "subnet 10.66.0.0/16 contains the host's own address 10.66.0.5/24 on hv0");
            fails(api.post("/v1/networks", "{\"name\": \"v\", \"ipv4\": [{\"subnet\": \"10.66.0.0/24\"}]}"), 400,
                    "subnet 10.66.0.0/24 contains the host's own address 10.66.0.5/24 on hv0");
            fails(docker.post("/networks/create", docker("u", "{\"Subnet\": \"10.67.0.0/31\"}")), 400,
                    "subnet 10.67.0.0/31 holds only 2 addresses: too small for a network with a gateway");
            fails(api.post("/v1/networks", "{\"name\": \"v\", \"ipv6\": [{\"subnet\": \"fd00:67::/127\"}]}"), 400,
                    "subnet fd00:67::/127 holds only 2 addresses: too small for a network with a gateway");
            assertThat(created(api.post("/v1/networks", "{\"name\": \"p2p\", \"internal\": true, \"ipv4\": [{\"subnet\":"
                    + " \"10.67.0.0/31\"}], \"options\": {\"com.docker.network.bridge.inhibit_ipv4\": \"true\"}}")).path("name")
                    .asString()).isEqualTo("p2p");
        }
    }

    @Test
    void loopbackAsTheInterfaceNameIsA400ThatSaysTheSandboxHasItOnBothSockets(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient api = host.client();
            created(api.post("/v1/networks", "{\"name\": \"web\"}"));
            created(api.post("/v1/sandboxes", "{\"name\": \"s\"}"));
            List<String> links = ns.ipLinkNames();
            String lo = "sandbox s already has an interface lo, its loopback: com.docker.network.endpoint.ifname must name"
                    + " another interface";

            fails(host.dockerClient().post("/networks/web/connect", "{\"Container\": \"s\", \"EndpointConfig\": {\"DriverOpts\":"
                    + " {\"com.docker.network.endpoint.ifname\": \"lo\"}}}"), 400, lo);
            fails(api.post("/v1/networks/web/connect", "{\"sandbox\": \"s\", \"driverOptions\":"
                    + " {\"com.docker.network.endpoint.ifname\": \"lo\"}}"), 400, lo);
            fails(api.post("/v1/networks/web/connect", "{\"sandbox\": \"s\", \"driverOptions\":"
                    + " {\"com.docker.network.endpoint.ifname\": \"all\"}}"), 400, "interface name 'all' is reserved");

            assertThat(ns.ipLinkNames()).isEqualTo(links);
            assertThat(api.get("/v1/sandboxes/s").json().path("endpoints")).isEmpty();
        }
    }
}

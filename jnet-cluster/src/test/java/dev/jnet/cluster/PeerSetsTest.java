package dev.jnet.cluster;

import dev.jnet.core.driver.overlay.RemoteEndpoint;
import dev.jnet.net.MacAddress;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PeerSetsTest {
    private static HostRecord host(String id, String address) {
        return new HostRecord(id, address, "i-" + id, Instant.EPOCH);
    }

    private static Listing endpoints(EndpointRecord... records) {
        Map<String, String> entries = new HashMap<>();
        for (EndpointRecord r : records) {
            entries.put(r.key(), r.toJson());
        }
        return new Listing(entries, 7);
    }

    private static EndpointRecord endpoint(String network, String id, String host, String address, String mac) {
        return new EndpointRecord(network, id, host, address, mac, List.of("web-" + id));
    }

    @Test
    void peersAreTheOtherLiveHostsEndpointsPerNetwork() throws Exception {
        Listing listing = endpoints(
                endpoint("n1", "e1", "a", "10.90.0.2", "02:42:0a:5a:00:02"),
                endpoint("n1", "e2", "b", "10.90.0.3", "02:42:0a:5a:00:03"),
                endpoint("n2", "e3", "b", "10.91.0.2", "02:42:0a:5b:00:02"),
                endpoint("n1", "e4", "c", "10.90.0.4", "02:42:0a:5a:00:04"));
        Map<String, Set<RemoteEndpoint>> peers = PeerSets.of("a", List.of(host("a", "192.168.77.1"), host("b", "192.168.77.2")),
                listing);
        InetAddress b = InetAddress.getByName("192.168.77.2");
        assertThat(peers).containsOnlyKeys("n1", "n2");
        assertThat(peers.get("n1")).as("not this host's own, not the dead host c's").containsExactly(
                new RemoteEndpoint(InetAddress.getByName("10.90.0.3"), MacAddress.parse("02:42:0a:5a:00:03"), b));
        assertThat(peers.get("n2")).hasSize(1);
        assertThat(PeerSets.of("a", List.of(host("a", "192.168.77.1")), listing)).as("b's lease ran out").isEmpty();
    }

    @Test
    void aMalformedRecordIsSkippedNotFatal() {
        Map<String, String> entries = new HashMap<>(endpoints(endpoint("n1", "e2", "b", "10.90.0.3", "02:42:0a:5a:00:03")).entries());
        entries.put(Keys.IPS + "n1/10.90.0.4", "{not json");
        entries.put(Keys.IPS + "n1/10.90.0.5", endpoint("n1", "badmac", "b", "10.90.0.5", "zz").toJson());
        assertThat(PeerSets.of("a", List.of(host("b", "192.168.77.2")), new Listing(entries, 1)).get("n1")).hasSize(1);
    }

    @Test
    void aReservedAddressIsNoEndpointAndHasNoName() {
        String network = "1".repeat(64);
        Map<String, String> entries = new HashMap<>(endpoints(endpoint(network, "e2", "b", "10.90.0.3", "02:42:0a:5a:00:03")).entries());
        entries.put(Keys.IPS + network + "/10.90.0.6", "b/reserved-for-an-endpoint-to-come");
        Listing listing = new Listing(entries, 1);
        List<HostRecord> live = List.of(host("b", "192.168.77.2"));
        assertThat(PeerSets.of("a", live, listing).get(network)).hasSize(1);
        assertThat(PeerSets.names("a", live, listing).get(new dev.jnet.core.model.NetworkId(network)))
                .extracting(dev.jnet.core.controller.RemoteName::endpoint).containsExactly("e2");
    }
}

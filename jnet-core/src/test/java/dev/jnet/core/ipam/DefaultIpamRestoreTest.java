package dev.jnet.core.ipam;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.error.ErrorKind;
import dev.jnet.net.Cidr;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.jnet.core.ipam.IpamFixtures.HOST_ID;
import static dev.jnet.core.ipam.IpamFixtures.assertFails;
import static dev.jnet.core.ipam.IpamFixtures.cidr;
import static dev.jnet.core.ipam.IpamFixtures.endpoint;
import static dev.jnet.core.ipam.IpamFixtures.ip;
import static dev.jnet.core.ipam.IpamFixtures.network;
import static dev.jnet.core.ipam.IpamFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

class DefaultIpamRestoreTest {
    private final DefaultIpam before = new DefaultIpam(HOST_ID);
    private final DefaultIpam after = new DefaultIpam(HOST_ID);
    private final NetworkId first = NetworkId.random();
    private final NetworkId second = NetworkId.random();
    private final List<Endpoint> endpoints = new ArrayList<>();

    /** Allocates on {@code before} as a controller would, keeping the records it would store. */
    private List<Network> populate() {
        IpamPool v4 = before.allocatePool(first, PoolRequest.ANY, false, true);
        IpamPool v6 = before.allocatePool(first, PoolRequest.ANY, true, true);
        for (int i = 0; i < 5; i++) {
            endpoints.add(endpoint(first, before.allocateAddress(first, v4, Optional.empty()),
                    before.allocateAddress(first, v6, Optional.empty())));
        }
        before.releaseAddress(first, v4, endpoints.get(1).ipv4().orElseThrow().address());
        before.releaseAddress(first, v6, endpoints.get(1).ipv6().orElseThrow().address());
        endpoints.remove(1);
        IpamPool custom = before.allocatePool(second, request("10.30.0.0/24", "10.30.0.0/28", "10.30.0.254",
                Map.of("router", "10.30.0.1")), false, true);
        endpoints.add(endpoint(second, before.allocateAddress(second, custom, Optional.of(ip("10.30.0.100"))), null));
        endpoints.add(endpoint(second, before.allocateAddress(second, custom, Optional.empty()), null));
        return List.of(network(first, List.of(v4), List.of(v6)), network(second, List.of(custom), List.of()));
    }

    private static List<Cidr> nextAddresses(DefaultIpam ipam, NetworkId network, IpamPool pool, int count) {
        List<Cidr> addresses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            addresses.add(ipam.allocateAddress(network, pool, Optional.empty()));
        }
        return addresses;
    }

    @Test
    void restoreReproducesTheSameNextAllocations() {
        List<Network> networks = populate();

        after.restore(networks, endpoints);

        for (Network network : networks) {
            for (IpamPool pool : network.pools()) {
                assertThat(nextAddresses(after, network.id(), pool, 3))
                        .isEqualTo(nextAddresses(before, network.id(), pool, 3));
            }
        }
        assertThat(after.allocatePool(NetworkId.random(), PoolRequest.ANY, false, true))
                .isEqualTo(before.allocatePool(NetworkId.random(), PoolRequest.ANY, false, true));
        assertThat(after.allocatePool(NetworkId.random(), PoolRequest.ANY, true, true))
                .isEqualTo(before.allocatePool(NetworkId.random(), PoolRequest.ANY, true, true));
    }

    @Test
    void restoredGatewaysAuxiliaryAndEndpointAddressesAreNotHandedOutAgain() {
        List<Network> networks = populate();
        after.restore(networks, endpoints);
        IpamPool custom = networks.get(1).ipv4().getFirst();

        for (String taken : List.of("10.30.0.254", "10.30.0.1", "10.30.0.100", "10.30.0.2")) {
            assertFails(ErrorKind.CONFLICT, () -> after.allocateAddress(second, custom, Optional.of(ip(taken))));
        }
        assertFails(ErrorKind.CONFLICT, () -> after.allocatePool(NetworkId.random(),
                PoolRequest.subnet(cidr("10.30.0.128/25")), false, true));
    }

    @Test
    void restoreReplacesWhatWasAllocatedBefore() {
        List<Network> networks = populate();
        IpamPool forgotten =
                after.allocatePool(NetworkId.random(), PoolRequest.subnet(cidr("10.30.0.0/16")), false, true);

        after.restore(networks.subList(1, 2), endpoints.subList(4, 6));

        assertThat(after.allocatePool(NetworkId.random(), PoolRequest.ANY, false, true).subnet())
                .isEqualTo(cidr("172.17.0.0/16"));
        assertFails(ErrorKind.NOT_FOUND, () -> after.allocateAddress(first, forgotten, Optional.empty()));
    }

    @Test
    void restoringNothingFreesEverything() {
        populate();
        before.restore(List.of(), List.of());

        assertThat(before.allocatePool(first, PoolRequest.ANY, false, true).subnet()).isEqualTo(cidr("172.17.0.0/16"));
    }

    @Test
    void aStoreThatContradictsItselfIsAnInternalErrorAndChangesNothing() {
        List<Network> networks = populate();
        after.restore(networks, endpoints);
        Endpoint duplicate = endpoint(second, endpoints.getLast().ipv4().orElseThrow(), null);
        Endpoint outside = endpoint(second, cidr("192.0.2.1/24"), null);
        Network overlapping = network(NetworkId.random(),
                List.of(new IpamPool(cidr("10.30.0.0/16"), Optional.empty(), Optional.empty(), Map.of())), List.of());

        assertFails(ErrorKind.INTERNAL, () -> after.restore(networks, append(endpoints, duplicate)))
                .withMessageContaining("has address 10.30.0.2, which is the address of another endpoint");
        assertFails(ErrorKind.INTERNAL, () -> after.restore(networks, append(endpoints, outside)))
                .withMessageContaining("outside the subnets of its network " + second.shortId());
        assertFails(ErrorKind.INTERNAL, () -> after.restore(List.of(networks.get(1), overlapping), List.of()))
                .withMessageContaining("overlaps subnet 10.30.0.0/24 of network " + second.shortId());

        IpamPool custom = networks.get(1).ipv4().getFirst();
        assertThat(nextAddresses(after, second, custom, 1)).containsExactly(cidr("10.30.0.3/24"));
    }

    private static <T> List<T> append(List<T> list, T element) {
        List<T> copy = new ArrayList<>(list);
        copy.add(element);
        return copy;
    }
}

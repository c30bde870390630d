package dev.jnet.core.controller;

import dev.jnet.core.model.DnsConfig;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.EndpointId;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxId;
import dev.jnet.core.store.StoredState;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;
import dev.jnet.net.MacAddress;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The snapshot's lookups by name, id, prefix and sandbox, through changes. */
class StateTest {
    private static final Network WEB = network("web");
    private static final Network DB = network("db");
    private static final Sandbox ONE = sandbox("one");
    private static final Sandbox TWO = sandbox("two");

    @Test
    void aSandboxsEndpointsComeByInterfaceNameAndFollowEveryChange() {
        Endpoint eth1 = endpoint(DB, ONE, "eth1");
        Endpoint eth0 = endpoint(WEB, ONE, "eth0");
        Endpoint other = endpoint(WEB, TWO, "eth0");
        State state = State.EMPTY.with(WEB).with(DB).with(ONE).with(TWO).with(eth1).with(eth0).with(other);

        assertThat(state.endpointsOf(ONE.id())).containsExactly(eth0, eth1);
        assertThat(state.endpoint(DB.id(), ONE.id())).contains(eth1);
        assertThat(state.endpoint(DB.id(), TWO.id())).isEmpty();

        State after = state.without(eth0.id());

        assertThat(after.endpointsOf(ONE.id())).containsExactly(eth1);
        assertThat(after.without(eth1.id()).endpointsOf(ONE.id())).isEmpty();
        assertThat(state.endpointsOf(ONE.id())).as("the earlier snapshot").containsExactly(eth0, eth1);
        assertThat(after.endpoints()).containsOnlyKeys(eth1.id(), other.id());
    }

    @Test
    void anEndpointStoredAgainReplacesItselfInItsSandboxsList() {
        Endpoint first = endpoint(WEB, ONE, "eth0");
        Endpoint renamed = new Endpoint(first.id(), first.name(), first.network(), first.sandbox(), IfName.of("eth3"),
                first.ipv4(), first.ipv6(), first.mac(), first.aliases(), first.driverOptions(), first.ports());

        State state = State.EMPTY.with(WEB).with(ONE).with(first).with(renamed);

        assertThat(state.endpointsOf(ONE.id())).containsExactly(renamed);
        assertThat(state.endpoints()).hasSize(1);
    }

    @Test
    void namesFullIdsAndUniquePrefixesFindNetworksAndSandboxesAndANameWins() {
        Network namedLikeId = network(WEB.id().value().substring(0, 12));
        State state = State.of(new StoredState(List.of(WEB, DB, namedLikeId), List.of(), List.of(ONE, TWO)));

        assertThat(state.network("web")).isEqualTo(WEB);
        assertThat(state.network(DB.id().value())).isEqualTo(DB);
        assertThat(state.network(DB.id().value().substring(0, 5))).isEqualTo(DB);
        assertThat(state.network(WEB.id().value().substring(0, 12))).as("a name wins over an id prefix")
                .isEqualTo(namedLikeId);
        assertThat(state.sandbox("two")).isEqualTo(TWO);
        assertThat(state.sandbox(ONE.id().value())).isEqualTo(ONE);
        assertThat(state.sandboxNamed("one")).contains(ONE);
        assertThat(state.without(ONE.id()).sandboxNamed("one")).isEmpty();
        assertThat(state.without(DB.id()).networkNamed("db")).isEmpty();
        assertThatThrownBy(() -> state.without(ONE.id()).sandbox("one"))
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    @Test
    void aChangedNameFindsTheNetworkUnderItsNewNameOnly() {
        Network renamed = new Network(WEB.id(), "www", WEB.driver(), WEB.created(), WEB.ipv4(), WEB.ipv6(),
                WEB.options(), WEB.labels(), WEB.internal(), WEB.attachable(), WEB.ipv4Enabled(), WEB.ipv6Enabled());

        State state = State.EMPTY.with(WEB).with(renamed);

        assertThat(state.networkNamed("www")).contains(renamed);
        assertThat(state.networkNamed("web")).isEmpty();
        assertThat(state.networks()).hasSize(1);
    }

    @Test
    void aNewEndpointIdNeverSharesTheDigitsKernelObjectsAreNamedAfterWithAnotherEndpoint() {
        Endpoint existing = endpoint(WEB, ONE, "eth0");
        State state = State.EMPTY.with(WEB).with(ONE).with(existing);
        EndpointId clash = new EndpointId(existing.id().nameDigits() + "f".repeat(64 - EndpointId.NAME_DIGITS));
        EndpointId fresh = new EndpointId("0".repeat(63) + "1");
        java.util.Iterator<EndpointId> offered = List.of(clash, fresh).iterator();

        assertThat(clash).isNotEqualTo(existing.id());
        assertThat(EndpointOps.newEndpointId(state, offered::next)).isEqualTo(fresh);
    }

    private static Network network(String name) {
        return new Network(NetworkId.random(), name, "bridge", Instant.EPOCH,
                List.of(new IpamPool(Cidr.parse("172.18.0.0/16"), Optional.empty(), Optional.empty(), Map.of())),
                List.of(), Map.of(), Map.of(), false, false, true, false);
    }

    private static Sandbox sandbox(String name) {
        return new Sandbox(SandboxId.random(), name, name, Path.of("/run/jnet/netns", name), false, DnsConfig.HOST,
                List.of(), Instant.EPOCH);
    }

    private static Endpoint endpoint(Network network, Sandbox sandbox, String ifname) {
        return new Endpoint(EndpointId.random(), sandbox.name(), network.id(), sandbox.id(), IfName.of(ifname),
                Optional.empty(), Optional.empty(), MacAddress.parse("02:42:ac:12:00:02"), List.of(), Map.of(),
                List.of());
    }
}

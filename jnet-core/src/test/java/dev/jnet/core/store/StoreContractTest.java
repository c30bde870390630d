package dev.jnet.core.store;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.Sandbox;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.jnet.core.store.StoreFixtures.endpoint;
import static dev.jnet.core.store.StoreFixtures.hostSandbox;
import static dev.jnet.core.store.StoreFixtures.network;
import static dev.jnet.core.store.StoreFixtures.richEndpoint;
import static dev.jnet.core.store.StoreFixtures.richNetwork;
import static dev.jnet.core.store.StoreFixtures.richSandbox;
import static dev.jnet.core.store.StoreFixtures.sandbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link Store} promises; each implementation's test class extends this one (from jnet-core's
 * test-jar, for a store in another module).
 */
public abstract class StoreContractTest {
    protected Store store;

    protected abstract Store openStore();

    @BeforeEach
    void open() {
        store = openStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aNewStoreIsEmpty() {
        assertThat(store.load()).isEqualTo(StoredState.EMPTY);
    }

    @Test
    void richlyFilledRecordsComeBackEqual() {
        Network network = richNetwork("rich");
        Sandbox sandbox = richSandbox("web");
        Endpoint endpoint = richEndpoint(network, sandbox);
        store.write(List.of(new StoreChange.PutNetwork(network), new StoreChange.PutSandbox(sandbox),
                new StoreChange.PutEndpoint(endpoint)));

        StoredState state = store.load();

        assertThat(state.networks()).containsExactly(network);
        assertThat(state.sandboxes()).containsExactly(sandbox);
        assertThat(state.endpoints()).containsExactly(endpoint);
    }

    @Test
    void recordsWithNothingOptionalComeBackEqual() {
        Network network = network("plain");
        Sandbox sandbox = hostSandbox("host");
        Endpoint endpoint = endpoint(network, sandbox);
        store.write(List.of(new StoreChange.PutNetwork(network), new StoreChange.PutSandbox(sandbox),
                new StoreChange.PutEndpoint(endpoint)));

        assertThat(store.load()).isEqualTo(new StoredState(List.of(network), List.of(endpoint), List.of(sandbox)));
    }

    @Test
    void aPutReplacesTheRecordWithTheSameId() {
        Network before = network("old-name");
        Sandbox sandbox = sandbox("box");
        Endpoint endpoint = endpoint(before, sandbox);
        store.write(List.of(new StoreChange.PutNetwork(before), new StoreChange.PutSandbox(sandbox),
                new StoreChange.PutEndpoint(endpoint)));
        Network after = new Network(before.id(), "new-name", before.driver(), before.created(), before.ipv4(),
                before.ipv6(), before.options(), Map.of("changed", "yes"), true, before.attachable(),
                before.ipv4Enabled(), before.ipv6Enabled());
        Endpoint moved = new Endpoint(endpoint.id(), endpoint.name(), endpoint.network(), endpoint.sandbox(),
                endpoint.interfaceName(), endpoint.ipv4(), endpoint.ipv6(), endpoint.mac(), List.of("alias"), Map.of());

        store.write(List.of(new StoreChange.PutNetwork(after), new StoreChange.PutEndpoint(moved)));

        assertThat(store.load()).isEqualTo(new StoredState(List.of(after), List.of(moved), List.of(sandbox)));
    }

    @Test
    void aRenamedNetworkFreesItsOldName() {
        Network first = network("shared");
        store.write(new StoreChange.PutNetwork(first));
        store.write(new StoreChange.PutNetwork(renamed(first, "elsewhere")));

        Network second = network("shared");
        store.write(new StoreChange.PutNetwork(second));

        assertThat(store.load().networks()).extracting(Network::name).containsExactlyInAnyOrder("elsewhere", "shared");
    }

    @Test
    void aDeleteRemovesOnlyThatRecordAndAMissingIdIsNoError() {
        Network kept = network("kept");
        Network gone = network("gone");
        Sandbox sandbox = sandbox("box");
        Endpoint endpoint = endpoint(gone, sandbox);
        store.write(List.of(new StoreChange.PutNetwork(kept), new StoreChange.PutNetwork(gone),
                new StoreChange.PutSandbox(sandbox), new StoreChange.PutEndpoint(endpoint)));

        store.write(List.of(new StoreChange.DeleteEndpoint(endpoint.id()), new StoreChange.DeleteNetwork(gone.id()),
                new StoreChange.DeleteSandbox(sandbox.id())));
        store.write(new StoreChange.DeleteNetwork(gone.id()));

        assertThat(store.load()).isEqualTo(new StoredState(List.of(kept), List.of(), List.of()));
    }

    @Test
    void changesInOneBatchApplyInOrder() {
        Network network = network("net");
        store.write(List.of(new StoreChange.PutNetwork(network), new StoreChange.DeleteNetwork(network.id()),
                new StoreChange.PutNetwork(renamed(network, "again"))));

        assertThat(store.load().networks()).containsExactly(renamed(network, "again"));
    }

    @Test
    void aNetworkNameHeldByAnotherNetworkIsAConflictNamingIt() {
        Network holder = network("web");
        store.write(new StoreChange.PutNetwork(holder));

        assertThatThrownBy(() -> store.write(new StoreChange.PutNetwork(network("web"))))
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT))
                .hasMessage("network name 'web' is already in use by network " + holder.id().shortId());
    }

    @Test
    void aSandboxNameHeldByAnotherSandboxIsAConflictNamingIt() {
        Sandbox holder = sandbox("web");
        store.write(new StoreChange.PutSandbox(holder));

        assertThatThrownBy(() -> store.write(new StoreChange.PutSandbox(sandbox("web"))))
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT))
                .hasMessage("sandbox name 'web' is already in use by sandbox " + holder.id().shortId());
    }

    @Test
    void aNetworkAndASandboxMayShareAName() {
        store.write(List.of(new StoreChange.PutNetwork(network("app")), new StoreChange.PutSandbox(sandbox("app"))));

        assertThat(store.load().networks()).hasSize(1);
        assertThat(store.load().sandboxes()).hasSize(1);
    }

    @Test
    void aBatchWhoseThirdChangeTakesATakenNameLeavesNothingOfTheBatch() {
        Network taken = network("taken");
        store.write(new StoreChange.PutNetwork(taken));
        StoredState before = store.load();
        Network fresh = network("fresh");
        Sandbox sandbox = sandbox("box");

        assertThatThrownBy(() -> store.write(List.of(new StoreChange.PutNetwork(fresh),
                new StoreChange.PutSandbox(sandbox), new StoreChange.PutNetwork(network("taken")),
                new StoreChange.PutEndpoint(endpoint(fresh, sandbox)))))
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));

        assertThat(store.load()).isEqualTo(before);
        store.write(new StoreChange.PutNetwork(fresh));
        assertThat(store.load().networks()).containsExactly(taken, fresh);
    }

    @Test
    @Timeout(60)
    void eightConcurrentWritersLoseNoWrite() throws Exception {
        int threads = 8;
        int perThread = 25;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> writers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        Network network = network("net-" + thread + "-" + i);
                        Sandbox sandbox = sandbox("box-" + thread + "-" + i);
                        store.write(List.of(new StoreChange.PutNetwork(network), new StoreChange.PutSandbox(sandbox),
                                new StoreChange.PutEndpoint(endpoint(network, sandbox))));
                        store.load();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get();
            }
        }

        StoredState state = store.load();
        assertThat(state.networks()).hasSize(threads * perThread);
        assertThat(state.sandboxes()).hasSize(threads * perThread);
        assertThat(state.endpoints()).hasSize(threads * perThread);
    }

    @Test
    void aClosedStoreRefusesWorkAndMayBeClosedAgain() {
        store.close();

        assertThatThrownBy(() -> store.load())
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> store.write(new StoreChange.PutNetwork(network("late"))))
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
        store.close();
    }

    static Network renamed(Network n, String name) {
        return new Network(n.id(), name, n.driver(), n.created(), n.ipv4(), n.ipv6(), n.options(), n.labels(),
                n.internal(), n.attachable(), n.ipv4Enabled(), n.ipv6Enabled());
    }
}

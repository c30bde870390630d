package dev.jnet.core.store;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.Sandbox;
import dev.jnet.error.JnetException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A store that keeps state in memory only, for tests and for embedders that want no persistence. It
 * behaves as {@link SqliteStore} does: a batch applies whole or not at all, changes apply in order, and a
 * network or sandbox name held by another record of its kind is a CONFLICT.
 */
public final class InMemoryStore implements Store {
    /** Records by id, in the order first written; never modified once published. */
    private record Tables(Map<String, Network> networks, Map<String, Endpoint> endpoints,
                          Map<String, Sandbox> sandboxes) {
        Tables copy() {
            return new Tables(new LinkedHashMap<>(networks), new LinkedHashMap<>(endpoints),
                    new LinkedHashMap<>(sandboxes));
        }
    }

    private Tables tables = new Tables(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
    private boolean closed;

    @Override
    public synchronized StoredState load() {
        requireOpen();
        return new StoredState(List.copyOf(tables.networks().values()), List.copyOf(tables.endpoints().values()),
                List.copyOf(tables.sandboxes().values()));
    }

    /** Applies the batch to a copy and publishes the copy only when every change applied. */
    @Override
    public synchronized void write(List<StoreChange> changes) {
        requireOpen();
        Tables next = tables.copy();
        for (StoreChange change : List.copyOf(changes)) {
            switch (change) {
                case StoreChange.PutNetwork(Network n) -> {
                    requireFree(next.networks(), "network", n.id().value(), n.name(), Network::name);
                    next.networks().put(n.id().value(), n);
                }
                case StoreChange.DeleteNetwork(var id) -> next.networks().remove(id.value());
                case StoreChange.PutEndpoint(Endpoint e) -> next.endpoints().put(e.id().value(), e);
                case StoreChange.DeleteEndpoint(var id) -> next.endpoints().remove(id.value());
                case StoreChange.PutSandbox(Sandbox s) -> {
                    requireFree(next.sandboxes(), "sandbox", s.id().value(), s.name(), Sandbox::name);
                    next.sandboxes().put(s.id().value(), s);
                }
                case StoreChange.DeleteSandbox(var id) -> next.sandboxes().remove(id.value());
            }
        }
        tables = next;
    }

    private static <T> void requireFree(Map<String, T> records, String what, String id, String name,
                                        Function<T, String> nameOf) {
        Optional<String> holder = records.entrySet().stream()
                .filter(e -> nameOf.apply(e.getValue()).equals(name) && !e.getKey().equals(id))
                .map(Map.Entry::getKey)
                .findFirst();
        if (holder.isPresent()) {
            throw StoreErrors.nameInUse(what, name, holder.get());
        }
    }

    private void requireOpen() {
        if (closed) {
            throw JnetException.unavailable("the in-memory store is closed");
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}

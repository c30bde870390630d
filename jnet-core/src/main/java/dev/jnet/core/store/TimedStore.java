package dev.jnet.core.store;

import dev.jnet.core.stats.Latency;

import java.util.List;

/** A store whose writes (each a durable transaction) are timed into a {@link Latency}. */
public final class TimedStore implements Store {
    private final Store store;
    private final Latency writes;

    public TimedStore(Store store, Latency writes) {
        this.store = store;
        this.writes = writes;
    }

    @Override
    public StoredState load() {
        return store.load();
    }

    @Override
    public void write(List<StoreChange> changes) {
        long start = System.nanoTime();
        try {
            store.write(changes);
        } finally {
            writes.since(start);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}

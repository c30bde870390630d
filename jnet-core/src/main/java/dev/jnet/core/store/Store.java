package dev.jnet.core.store;

import java.util.List;

/**
 * Where jnet's state lives: networks, endpoints and sandboxes. A write is one transaction (all changes
 * or none) and is durable when it returns, so the API may acknowledge what it wrote. Thread-safe.
 */
public interface Store extends AutoCloseable {
    /** Everything stored. */
    StoredState load();

    /** Applies the changes atomically and durably; a put replaces the record with the same id. */
    void write(List<StoreChange> changes);

    default void write(StoreChange change) {
        write(List.of(change));
    }

    @Override
    void close();
}

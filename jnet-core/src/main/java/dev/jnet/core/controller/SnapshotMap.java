package dev.jnet.core.controller;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable map whose {@link #with} and {@link #without} copy one of its {@value #PARTS} parts, not
 * the whole map: a connect at 10,000 endpoints copied two maps of 10,000 entries (half a millisecond and
 * a megabyte of garbage), now about 80 entries. Reads are a part lookup; iteration visits every part.
 * Null keys and values are refused, as by {@link Map#of}.
 */
final class SnapshotMap<K, V> extends AbstractMap<K, V> {
    private static final int PART_BITS = 7;
    private static final int PARTS = 1 << PART_BITS;
    private static final SnapshotMap<?, ?> EMPTY = new SnapshotMap<>(emptyParts(), 0);

    private final Map<K, V>[] parts; // never changed once the map is built
    private final int size;

    private SnapshotMap(Map<K, V>[] parts, int size) {
        this.parts = parts;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    private static <K, V> Map<K, V>[] emptyParts() {
        Map<K, V>[] parts = new Map[PARTS];
        java.util.Arrays.fill(parts, Map.of());
        return parts;
    }

    @SuppressWarnings("unchecked")
    static <K, V> SnapshotMap<K, V> empty() {
        return (SnapshotMap<K, V>) EMPTY;
    }

    /** {@code map} itself if it is a snapshot map, else a snapshot of it. */
    static <K, V> SnapshotMap<K, V> copyOf(Map<K, V> map) {
        if (map instanceof SnapshotMap<K, V> snapshot) {
            return snapshot;
        }
        Map<K, V>[] parts = emptyParts();
        for (Map.Entry<K, V> e : map.entrySet()) {
            int i = part(requireNonNull(e.getKey()));
            if (parts[i].isEmpty()) {
                parts[i] = new HashMap<>();
            }
            parts[i].put(e.getKey(), requireNonNull(e.getValue()));
        }
        return new SnapshotMap<>(parts, map.size());
    }

    /** This map with {@code key} mapped to {@code value}. */
    SnapshotMap<K, V> with(K key, V value) {
        int i = part(requireNonNull(key));
        Map<K, V> changed = new HashMap<>(parts[i]);
        boolean added = changed.put(key, requireNonNull(value)) == null;
        return replace(i, changed, added ? size + 1 : size);
    }

    /** This map without {@code key} (this map itself if it has no such key). */
    SnapshotMap<K, V> without(K key) {
        int i = part(requireNonNull(key));
        if (!parts[i].containsKey(key)) {
            return this;
        }
        Map<K, V> changed = new HashMap<>(parts[i]);
        changed.remove(key);
        return replace(i, changed.isEmpty() ? Map.of() : changed, size - 1);
    }

    private SnapshotMap<K, V> replace(int i, Map<K, V> part, int newSize) {
        Map<K, V>[] copy = parts.clone();
        copy[i] = part;
        return new SnapshotMap<>(copy, newSize);
    }

    /**
     * The top bits of a Fibonacci hash: a part's own HashMap picks buckets by the low bits of the hash,
     * which must therefore differ between keys of one part (with low bits here, all of a part's keys
     * fell into one bucket).
     */
    static int part(Object key) {
        return (key.hashCode() * 0x9E3779B9) >>> (Integer.SIZE - PART_BITS);
    }

    private static <T> T requireNonNull(T value) {
        if (value == null) {
            throw new NullPointerException("snapshot maps hold no null keys or values");
        }
        return value;
    }

    @Override
    public V get(Object key) {
        return key == null ? null : parts[part(key)].get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return key != null && parts[part(key)].containsKey(key);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<K, V>> iterator() {
                return new Entries();
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** The entries of every part in turn, read-only. */
    private final class Entries implements Iterator<Entry<K, V>> {
        private int next;
        private Iterator<Entry<K, V>> current = Map.<K, V>of().entrySet().iterator();

        @Override
        public boolean hasNext() {
            while (!current.hasNext() && next < PARTS) {
                current = parts[next++].entrySet().iterator();
            }
            return current.hasNext();
        }

        @Override
        public Entry<K, V> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Entry<K, V> e = current.next();
            return Map.entry(e.getKey(), e.getValue());
        }
    }
}

package dev.jnet.core.controller;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * One lock per object id (a network, a sandbox); several are always taken in the same order. Every
 * change also holds a shared lock that reconciliation takes exclusively, so that it never mistakes a
 * half-made object of a change in progress for an orphan.
 */
final class KeyedLocks {
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock changes = new ReentrantReadWriteLock();

    /** Runs {@code work} holding the locks of all {@code keys}, taken in sorted order to avoid deadlock. */
    <T> T with(List<String> keys, Supplier<T> work) {
        List<ReentrantLock> held = keys.stream().distinct().sorted(Comparator.naturalOrder())
                .map(k -> locks.computeIfAbsent(k, x -> new ReentrantLock())).toList();
        changes.readLock().lock();
        held.forEach(ReentrantLock::lock);
        try {
            return work.get();
        } finally {
            held.reversed().forEach(ReentrantLock::unlock);
            changes.readLock().unlock();
        }
    }

    /** Runs {@code work} while no change is in progress. */
    <T> T exclusive(Supplier<T> work) {
        changes.writeLock().lock();
        try {
            return work.get();
        } finally {
            changes.writeLock().unlock();
        }
    }

    <T> T with(String key, Supplier<T> work) {
        return with(List.of(key), work);
    }
}

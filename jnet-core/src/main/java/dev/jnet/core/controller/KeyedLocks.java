package dev.jnet.core.controller;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Locks by object id (a network, a sandbox), shared or exclusive: connects to one network share its lock,
 * removing the network takes it alone. Ids map onto a fixed set of stripes, so the locks never grow with
 * the number of objects ever made; stripes are always taken in ascending order, so there is no deadlock.
 * Every change also holds a shared lock that reconciliation takes exclusively, so that it never mistakes
 * a half-made object of a change in progress for an orphan. Not reentrant across calls: no change takes
 * locks while holding some.
 */
final class KeyedLocks {
    private static final int STRIPES = 256;

    private final ReentrantReadWriteLock[] stripes = new ReentrantReadWriteLock[STRIPES];
    private final ReentrantReadWriteLock changes = new ReentrantReadWriteLock();

    KeyedLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantReadWriteLock();
        }
    }

    /** Runs {@code work} holding {@code exclusive} alone. */
    <T> T with(List<String> exclusive, Supplier<T> work) {
        return with(List.of(), exclusive, work);
    }

    <T> T with(String key, Supplier<T> work) {
        return with(List.of(key), work);
    }

    /** Runs {@code work} sharing the {@code shared} keys with others and holding {@code exclusive} alone. */
    <T> T with(List<String> shared, List<String> exclusive, Supplier<T> work) {
        Map<Integer, Boolean> wanted = new TreeMap<>(); // stripe -> exclusive; exclusive wins a shared stripe
        shared.forEach(k -> wanted.merge(stripe(k), false, Boolean::logicalOr));
        exclusive.forEach(k -> wanted.merge(stripe(k), true, Boolean::logicalOr));
        List<Lock> held = wanted.entrySet().stream()
                .map(e -> e.getValue() ? stripes[e.getKey()].writeLock() : stripes[e.getKey()].readLock())
                .map(Lock.class::cast).toList();
        changes.readLock().lock();
        held.forEach(Lock::lock);
        try {
            return work.get();
        } finally {
            held.reversed().forEach(Lock::unlock);
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

    /**
     * As {@link #exclusive}, but gives up (empty, nothing run) once {@code giveUp} says so while it waits: a
     * caller that is being stopped is not held by changes that are stuck (on the store's lock, say).
     */
    <T> java.util.Optional<T> exclusiveUnless(java.util.function.BooleanSupplier giveUp, Supplier<T> work) {
        try {
            while (!changes.writeLock().tryLock(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (giveUp.getAsBoolean()) {
                    return java.util.Optional.empty();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(work.get());
        } finally {
            changes.writeLock().unlock();
        }
    }

    /**
     * Runs {@code work} while no change is in progress, if none is now; empty (nothing run, nothing waited
     * for) otherwise. Unlike {@link #exclusive} it never holds back the changes that arrive meanwhile.
     */
    <T> java.util.Optional<T> tryExclusive(Supplier<T> work) {
        if (!changes.writeLock().tryLock()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(work.get());
        } finally {
            changes.writeLock().unlock();
        }
    }

    private static int stripe(String key) {
        return Math.floorMod(key.hashCode(), STRIPES);
    }
}

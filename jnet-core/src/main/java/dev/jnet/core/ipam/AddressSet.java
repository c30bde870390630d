package dev.jnet.core.ipam;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A set of addresses kept as runs of consecutive numbers, so that finding the lowest free address, taking
 * one and giving one back are O(log runs) however large the subnet is. Filling a subnet from the bottom, as
 * IPAM does, keeps a single run.
 */
final class AddressSet {
    /** First address of each run to its last; runs neither overlap nor touch. */
    private final TreeMap<BigInteger, BigInteger> runs = new TreeMap<>();

    boolean contains(BigInteger address) {
        Map.Entry<BigInteger, BigInteger> run = runs.floorEntry(address);
        return run != null && run.getValue().compareTo(address) >= 0;
    }

    /** Adds the address; false if it was already there. */
    boolean add(BigInteger address) {
        if (contains(address)) {
            return false;
        }
        BigInteger first = address;
        BigInteger last = address;
        Map.Entry<BigInteger, BigInteger> below = runs.floorEntry(address);
        if (below != null && below.getValue().add(BigInteger.ONE).equals(address)) {
            first = below.getKey();
        }
        BigInteger next = address.add(BigInteger.ONE);
        BigInteger above = runs.remove(next);
        if (above != null) {
            last = above;
        }
        runs.put(first, last);
        return true;
    }

    /** Removes the address; false if it was not there. */
    boolean remove(BigInteger address) {
        Map.Entry<BigInteger, BigInteger> run = runs.floorEntry(address);
        if (run == null || run.getValue().compareTo(address) < 0) {
            return false;
        }
        BigInteger first = run.getKey();
        BigInteger last = run.getValue();
        runs.remove(first);
        if (first.compareTo(address) < 0) {
            runs.put(first, address.subtract(BigInteger.ONE));
        }
        if (last.compareTo(address) > 0) {
            runs.put(address.add(BigInteger.ONE), last);
        }
        return true;
    }

    /** The lowest address from {@code from} to {@code to} (both included) that is not in the set. */
    Optional<BigInteger> lowestFree(BigInteger from, BigInteger to) {
        Map.Entry<BigInteger, BigInteger> run = runs.floorEntry(from);
        // Runs never touch, so the address after the run that covers 'from' is free.
        BigInteger candidate = run != null && run.getValue().compareTo(from) >= 0
                ? run.getValue().add(BigInteger.ONE) : from;
        return candidate.compareTo(to) <= 0 ? Optional.of(candidate) : Optional.empty();
    }
}

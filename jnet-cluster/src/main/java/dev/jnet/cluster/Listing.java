package dev.jnet.cluster;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every key under a prefix with its value, as of one store revision: the whole desired state a consumer
 * compares with what it has (level-triggered), never a stream of events to apply in order.
 *
 * @param entries keys (in order) and their values
 * @param revision the store revision this listing reflects
 */
public record Listing(Map<String, String> entries, long revision) {
    public Listing {
        entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }
}

package dev.jnet.cluster;

import java.util.HashMap;
import java.util.Map;

/**
 * Endpoint records as read from listings (with their addresses and MACs), each read again only when its value changed: every change in the
 * cluster hands every host the whole listing of endpoints, which would otherwise be read in full each time
 * (hundreds of JSON records, on every host, for each connect anywhere). Used by one thread (the sync's).
 */
final class RecordCache {
    private record Read(String json, Published published) {}

    private Map<String, Read> reads = new HashMap<>();
    private Map<String, Read> next = new HashMap<>();

    /** The record at {@code key} holding {@code json}; an error, as {@link Published#read}, if it is none. */
    Published read(String key, String json) {
        Read known = next.get(key); // read already in this listing (peers first, then names)
        if (known == null || !known.json().equals(json)) {
            known = reads.get(key);
        }
        Read read = known != null && known.json().equals(json) ? known : new Read(json, Published.read(key, json));
        next.put(key, read);
        return read.published();
    }

    /** Ends one listing's reading: what it did not read again is forgotten. */
    void endListing() {
        reads = next;
        next = new HashMap<>();
    }
}

package dev.jnet.cluster;

import java.util.Map;
import java.util.Optional;

/**
 * What an address's claim ({@code ips/NETWORK/ADDRESS}) holds: the {@link EndpointRecord} of the endpoint that
 * has the address, which the other hosts follow (one write per connect: the claim is the announcement), or
 * {@code HOST/UNIQUE} for an address reserved before its endpoint exists (a Docker plugin's RequestAddress).
 */
final class AddressHolder {
    private AddressHolder() {}

    /** Whether {@code holder} is an endpoint's record rather than a reservation. */
    static boolean isRecord(String holder) {
        return holder.startsWith("{");
    }

    /** The endpoint's record in {@code holder}; none for a reservation or a value that is no record. */
    static Optional<EndpointRecord> record(String key, String holder) {
        if (!isRecord(holder)) {
            return Optional.empty();
        }
        try {
            return Optional.of(EndpointRecord.fromJson(key, holder));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The host that holds the address; empty when {@code holder} names none that can be read. */
    static String hostOf(String key, String holder) {
        if (isRecord(holder)) {
            return record(key, holder).map(EndpointRecord::host).orElse("");
        }
        int slash = holder.indexOf('/');
        return slash < 0 ? "" : holder.substring(0, slash);
    }

    /**
     * Whether every claim that differs between the listings {@code before} and {@code after} (made, changed or
     * gone) is {@code hostId}'s: a change this host made itself, which changes none of its remote endpoints.
     */
    static boolean onlyHostsOwnChanged(Map<String, String> before, Map<String, String> after, String hostId) {
        for (Map.Entry<String, String> e : after.entrySet()) {
            String old = before.get(e.getKey());
            if (!e.getValue().equals(old) && (!hostOf(e.getKey(), e.getValue()).equals(hostId)
                    || old != null && !hostOf(e.getKey(), old).equals(hostId))) {
                return false;
            }
        }
        for (Map.Entry<String, String> e : before.entrySet()) {
            if (!after.containsKey(e.getKey()) && !hostOf(e.getKey(), e.getValue()).equals(hostId)) {
                return false;
            }
        }
        return true;
    }
}

package dev.jnet.cluster;

import dev.jnet.error.JnetException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.Objects;

/**
 * One host of the cluster as it registers itself: its id, the address other hosts reach it on, and an
 * incarnation that changes with every start (so a restart is told apart from a second process with the same
 * id).
 */
public record HostRecord(String id, String address, String incarnation, Instant started) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public HostRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(incarnation, "incarnation");
        Objects.requireNonNull(started, "started");
    }

    public String toJson() {
        return JSON.writeValueAsString(this);
    }

    /** The record stored at {@code key}; an internal error naming the key if it is not one. */
    public static HostRecord fromJson(String key, String json) {
        try {
            return JSON.readValue(json, HostRecord.class);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw JnetException.internal("cluster store: " + key + " does not hold a host record: " + json, e);
        }
    }

    /** Whether {@code other} is this host's own earlier life: the same id and address. */
    public boolean sameHostAs(HostRecord other) {
        return id.equals(other.id) && address.equals(other.address);
    }
}

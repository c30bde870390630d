package dev.jnet.core.controller;

import dev.jnet.core.model.Network;

import java.util.List;
import java.util.Objects;

/**
 * A network just created, and what its creator should be told about it: a subnet the user gave that
 * overlaps a route or nameserver of the host is taken, with a warning (as Docker's create answer has one).
 *
 * @param network the network, as stored
 * @param warnings one sentence each, empty when there is nothing to say
 */
public record NetworkCreated(Network network, List<String> warnings) {
    public NetworkCreated {
        Objects.requireNonNull(network, "network");
        warnings = List.copyOf(warnings);
    }
}

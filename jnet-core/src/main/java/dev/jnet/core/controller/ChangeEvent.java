package dev.jnet.core.controller;

import java.time.Instant;
import java.util.Map;

/**
 * A change the controller made, once it is durable, as jnetd's event streams report it.
 *
 * @param type {@code network}, {@code sandbox} or {@code jnet} (a repair)
 * @param action {@code create}, {@code destroy}, {@code connect} and {@code disconnect} (type network: a
 *               sandbox joined or left it), or {@code repair}
 * @param id the network's or sandbox's id (empty for a repair)
 * @param name its name (for a repair, what was repaired)
 * @param attributes more about it: {@code type} (a network's driver), and for connect and disconnect
 *                   {@code container} (the sandbox id, as Docker names it), {@code sandbox} (its name) and
 *                   {@code endpoint} (the endpoint id)
 */
public record ChangeEvent(String type, String action, String id, String name, Map<String, String> attributes,
                          Instant time) {
    public ChangeEvent {
        attributes = Map.copyOf(attributes);
    }
}

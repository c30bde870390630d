package dev.jnet.core.driver;

import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A driver's plans by network, so that a network's options are read once, not on every call about it: the
 * plan made at create is kept, and a network loaded from the store is planned at its first use.
 *
 * @param <P> the driver's plan type
 */
public final class Plans<P> {
    private record Entry<P>(Map<String, String> options, P plan) {}

    private final Map<NetworkId, Entry<P>> plans = new ConcurrentHashMap<>();
    private final Function<Network, P> planner;

    /** {@code planner} reads a stored network's options (and driver data) into a plan. */
    public Plans(Function<Network, P> planner) {
        this.planner = planner;
    }

    /** Keeps the plan just made for network {@code id}'s {@code options}. */
    public P keep(NetworkId id, Map<String, String> options, P plan) {
        plans.put(id, new Entry<>(Map.copyOf(options), plan));
        return plan;
    }

    /** The network's plan; made now if this is its first use (or its options differ from the plan's). */
    public P of(Network network) {
        Entry<P> entry = plans.get(network.id());
        if (entry != null && entry.options().equals(network.options())) {
            return entry.plan();
        }
        return keep(network.id(), network.options(), planner.apply(network));
    }

    /** Forgets a removed network's plan. */
    public void forget(NetworkId id) {
        plans.remove(id);
    }
}

package dev.jnet.core.model;

import dev.jnet.net.Cidr;
import dev.jnet.net.IpFormat;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A route a driver wants in the sandbox besides the default one, as Docker's remote drivers return them.
 *
 * @param nextHop the router to send through; empty for a connected route (the destination is on the link)
 */
public record StaticRoute(Cidr destination, Optional<InetAddress> nextHop) {
    public StaticRoute {
        Objects.requireNonNull(destination, "destination");
        nextHop.ifPresent(hop -> {
            if ((hop.getAddress().length == 4) != destination.isIpv4()) {
                throw new IllegalArgumentException("route to " + destination + " through " + IpFormat.format(hop)
                        + " mixes address families");
            }
        });
    }

    /** A route straight onto the link. */
    public static StaticRoute connected(Cidr destination) {
        return new StaticRoute(destination, Optional.empty());
    }

    @Override
    public String toString() {
        return destination + nextHop.map(h -> " via " + IpFormat.format(h)).orElse(" connected");
    }
}

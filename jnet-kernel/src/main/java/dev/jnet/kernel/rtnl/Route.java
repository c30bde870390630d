package dev.jnet.kernel.rtnl;

import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;
import dev.jnet.net.IpFormat;

import java.net.InetAddress;
import java.util.Optional;

/**
 * A route. The destination {@code 0.0.0.0/0} (or {@code ::/0}) is the default route.
 *
 * @param destination where the route leads
 * @param gateway the next hop, if the destination is not directly reachable
 * @param outputIndex the interface index to send through, 0 to let the gateway decide
 * @param table the routing table (254 is {@code main})
 * @param metric the priority, lower wins
 * @param source the preferred source address, if any
 */
public record Route(Cidr destination, Optional<InetAddress> gateway, int outputIndex, int table, int metric,
                   Optional<InetAddress> source) {
    public static final int TABLE_MAIN = 254;

    public Route {
        destination = destination.network();
        if (gateway.isPresent() && gateway.get().getAddress().length != destination.address().getAddress().length) {
            throw JnetException.invalid("gateway " + IpFormat.format(gateway.get()) + " is not of the same family as "
                    + destination);
        }
        if (gateway.isEmpty() && outputIndex == 0) {
            throw JnetException.invalid("route to " + destination + " needs a gateway or an interface");
        }
        if (table < 1 || metric < 0) {
            throw JnetException.invalid("route to " + destination + " has a bad table " + table + " or metric " + metric);
        }
    }

    /** A route through a gateway, in the main table. */
    public static Route via(Cidr destination, InetAddress gateway) {
        return new Route(destination, Optional.of(gateway), 0, TABLE_MAIN, 0, Optional.empty());
    }

    /** A route straight out of an interface (the destination is on-link), in the main table. */
    public static Route onLink(Cidr destination, int outputIndex) {
        return new Route(destination, Optional.empty(), outputIndex, TABLE_MAIN, 0, Optional.empty());
    }

    /** The default route through {@code gateway}. */
    public static Route defaultVia(InetAddress gateway) {
        return via(new Cidr(gateway, 0), gateway);
    }

    public Route withOutput(int index) {
        return new Route(destination, gateway, index, table, metric, source);
    }

    public Route withTable(int value) {
        return new Route(destination, gateway, outputIndex, value, metric, source);
    }

    public Route withMetric(int value) {
        return new Route(destination, gateway, outputIndex, table, value, source);
    }

    public boolean isDefault() {
        return destination.prefixLength() == 0;
    }
}

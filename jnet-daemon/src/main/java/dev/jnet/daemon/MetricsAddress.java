package dev.jnet.daemon;

import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * {@code --metrics-addr}: where the optional TCP listener for Prometheus binds, {@code IP:PORT} or
 * {@code [IPv6]:PORT}. Only a loopback address: metrics say which networks and sandboxes a host has, and
 * the listener has no authentication. Port 0 lets the kernel choose (jnetd logs the port).
 */
final class MetricsAddress {
    private MetricsAddress() {}

    static InetSocketAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw JnetException.invalid("metrics address '" + text + "' is not IP:PORT (say 127.0.0.1:9323)");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw JnetException.invalid("metrics address '" + text + "': write an IPv6 address in brackets, as [::1]:9323");
        }
        InetAddress address;
        try {
            address = host.equals("localhost") ? InetAddress.getLoopbackAddress() : Cidr.parseAddress(host);
        } catch (JnetException e) {
            throw JnetException.invalid("metrics address '" + text + "': " + e.getMessage());
        }
        if (!address.isLoopbackAddress()) {
            throw JnetException.invalid("metrics address '" + text + "' is not a loopback address: the metrics listener "
                    + "has no authentication and binds only to 127.0.0.0/8 or ::1 (scrape from another host through a proxy)");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65_535) {
            throw JnetException.invalid("metrics address '" + text + "': the port must be a number from 0 to 65535");
        }
        return new InetSocketAddress(address, port);
    }
}

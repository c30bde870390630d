package dev.jnet.core.driver.overlay;

import dev.jnet.net.MacAddress;

import java.net.InetAddress;
import java.util.Objects;

/**
 * An endpoint on another host of an overlay network: its address and MAC inside the overlay, and the
 * underlay address of the host it lives on (its VXLAN tunnel endpoint).
 */
public record RemoteEndpoint(InetAddress address, MacAddress mac, InetAddress host) {
    public RemoteEndpoint {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(host, "host");
    }
}

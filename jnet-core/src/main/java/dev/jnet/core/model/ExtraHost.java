package dev.jnet.core.model;

import java.net.InetAddress;

/** One {@code --add-host NAME:IP} entry for a sandbox's hosts file. */
public record ExtraHost(String name, InetAddress address) {
    public ExtraHost {
        DnsNames.hostName("extra host", name);
        java.util.Objects.requireNonNull(address, "extra host address");
    }
}

package dev.jnet.core.model;

import java.net.InetAddress;
import java.util.List;

/**
 * A sandbox's resolver settings ({@code --dns}, {@code --dns-search}, {@code --dns-option}); empty lists
 * mean the host's.
 */
public record DnsConfig(List<InetAddress> servers, List<String> search, List<String> options) {
    public static final DnsConfig HOST = new DnsConfig(List.of(), List.of(), List.of());

    public DnsConfig {
        servers = List.copyOf(servers);
        search = List.copyOf(search);
        options = List.copyOf(options);
        search.forEach(s -> DnsNames.hostName("search domain", s));
        options.forEach(o -> DnsNames.resolverOption("resolver option", o));
    }
}

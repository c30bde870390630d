package dev.jnet.core.controller;

import java.net.InetAddress;
import java.util.List;

/**
 * An endpoint of a global network on another host, as the embedded resolver answers for it: its names (the
 * first names PTR answers) and its address.
 *
 * @param endpoint the endpoint's id (64 hex digits), unique in the cluster
 */
public record RemoteName(String endpoint, List<String> names, InetAddress address) {
    public RemoteName {
        names = List.copyOf(names);
    }
}

package dev.jnet.core.controller;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.PortBinding;
import dev.jnet.core.model.PortRequest;
import dev.jnet.error.JnetException;
import dev.jnet.net.IpFormat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Which host ports are published, and the choice of free ones. One allocator serves every network, so
 * two connects can never take the same host port; a binding on every address ({@code 0.0.0.0}) conflicts
 * with any binding of the same protocol and port. A port a host process holds is not free either (see
 * {@link HostPortProbe}).
 */
final class PortAllocator {
    private final Random random = new Random();
    /** By protocol and host port: the host addresses holding it. */
    private final Map<String, List<InetAddress>> taken = new HashMap<>();
    private final int ephemeralFirst;
    private final int ephemeralLast;

    PortAllocator(int ephemeralFirst, int ephemeralLast) {
        this.ephemeralFirst = ephemeralFirst;
        this.ephemeralLast = ephemeralLast;
    }

    synchronized void restore(List<Endpoint> endpoints) {
        taken.clear();
        endpoints.forEach(e -> e.ports().forEach(this::take));
    }

    /**
     * Chooses host ports for every request and holds them, or holds none and throws CONFLICT naming the
     * taken port. {@code defaultHostIp} stands for requests that name no host address.
     */
    synchronized List<PortBinding> reserve(List<PortRequest> requests, InetAddress defaultHostIp, HostPortProbe probe) {
        List<PortBinding> held = new ArrayList<>();
        try {
            for (PortRequest r : requests) {
                InetAddress hostIp = r.hostIp().orElse(defaultHostIp);
                for (int i = 0; i < r.size(); i++) {
                    PortBinding b = new PortBinding(r.protocol(), r.containerFirst() + i, hostIp, hostPort(r, i, hostIp, probe));
                    take(b);
                    held.add(b);
                }
            }
            return held;
        } catch (RuntimeException e) {
            release(held);
            throw e;
        }
    }

    private int hostPort(PortRequest r, int index, InetAddress hostIp, HostPortProbe probe) {
        if (r.hostFirst() == 0) {
            return free(r.protocol(), hostIp, ephemeralFirst, ephemeralLast, true, probe);
        }
        if (r.size() > 1 || r.hostFirst() == r.hostLast()) {
            int port = r.hostFirst() + index;
            if (!isFree(r.protocol(), hostIp, port)) {
                throw JnetException.conflict("host port " + describe(hostIp, port, r.protocol())
                        + " is already published by another endpoint");
            }
            if (probe.inUse(r.protocol(), hostIp, port)) {
                throw JnetException.conflict("host port " + describe(hostIp, port, r.protocol())
                        + " is in use by a process on the host");
            }
            return port;
        }
        return free(r.protocol(), hostIp, r.hostFirst(), r.hostLast(), false, probe);
    }

    /** A free port in the range: from a random start when {@code scatter}, else the lowest. */
    private int free(PortBinding.Protocol protocol, InetAddress hostIp, int first, int last, boolean scatter,
                     HostPortProbe probe) {
        int count = last - first + 1;
        int start = scatter ? random.nextInt(count) : 0;
        for (int i = 0; i < count; i++) {
            int port = first + (start + i) % count;
            if (isFree(protocol, hostIp, port) && !probe.inUse(protocol, hostIp, port)) {
                return port;
            }
        }
        throw JnetException.conflict("no free host port for " + protocol + " on " + IpFormat.format(hostIp)
                + " in " + first + "-" + last + ": every one is published or in use");
    }

    private boolean isFree(PortBinding.Protocol protocol, InetAddress hostIp, int port) {
        List<InetAddress> holders = taken.get(key(protocol, port));
        return holders == null || holders.stream().noneMatch(h -> overlaps(h, hostIp));
    }

    private static boolean overlaps(InetAddress a, InetAddress b) {
        return a.isAnyLocalAddress() || b.isAnyLocalAddress() || a.equals(b);
    }

    private void take(PortBinding b) {
        taken.computeIfAbsent(key(b.protocol(), b.hostPort()), k -> new ArrayList<>()).add(b.hostIp());
    }

    synchronized void release(List<PortBinding> bindings) {
        for (PortBinding b : bindings) {
            String key = key(b.protocol(), b.hostPort());
            List<InetAddress> holders = taken.get(key);
            if (holders != null) {
                holders.remove(b.hostIp());
                if (holders.isEmpty()) {
                    taken.remove(key);
                }
            }
        }
    }

    private static String key(PortBinding.Protocol protocol, int port) {
        return protocol + "/" + port;
    }

    private static String describe(InetAddress ip, int port, PortBinding.Protocol protocol) {
        String host = IpFormat.format(ip);
        return (ip.getAddress().length == 4 ? host : "[" + host + "]") + ":" + port + "/" + protocol;
    }
}

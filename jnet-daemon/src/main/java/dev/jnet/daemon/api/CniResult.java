package dev.jnet.daemon.api;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.net.Cidr;
import dev.jnet.net.IpFormat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CNI 1.0 result of an ADD: the interface in the sandbox, its addresses (with the interface's index 0
 * and the gateway), the default routes, and jnet's resolver as the DNS server where it serves the network.
 */
final class CniResult {
    private CniResult() {}

    /** {@code resolver}: whether jnet's resolver serves the network (else the result names no DNS server). */
    static Map<String, Object> of(String version, Endpoint e, Network network, String netns, boolean resolver) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("cniVersion", version);
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("name", e.interfaceName().value());
        link.put("mac", e.mac().toString());
        link.put("sandbox", netns);
        result.put("interfaces", List.of(link));
        List<Map<String, Object>> ips = new ArrayList<>();
        List<Map<String, Object>> routes = new ArrayList<>();
        add(ips, routes, e.ipv4(), e.joinRecord().ipv4Gateway(), e.joinRecord().defaultRoute(), "0.0.0.0/0");
        add(ips, routes, e.ipv6(), e.joinRecord().ipv6Gateway(), e.joinRecord().defaultRoute(), "::/0");
        result.put("ips", ips);
        result.put("routes", routes);
        if (resolver) {
            result.put("dns", Map.of("nameservers", List.of("127.0.0.11")));
        }
        return result;
    }

    private static void add(List<Map<String, Object>> ips, List<Map<String, Object>> routes, Optional<Cidr> address,
                            Optional<java.net.InetAddress> gateway, boolean defaultRoute, String any) {
        if (address.isEmpty()) {
            return;
        }
        Map<String, Object> ip = new LinkedHashMap<>();
        ip.put("address", address.get().toString());
        gateway.ifPresent(g -> ip.put("gateway", IpFormat.format(g)));
        ip.put("interface", 0);
        ips.add(ip);
        if (defaultRoute && gateway.isPresent()) {
            Map<String, Object> route = new LinkedHashMap<>(); // in the spec's order
            route.put("dst", any);
            route.put("gw", IpFormat.format(gateway.get()));
            routes.add(route);
        }
    }
}

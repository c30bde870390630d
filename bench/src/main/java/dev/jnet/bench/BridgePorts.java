package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ports of every bridge in a namespace as {@code ip -j link show} lists them (a port names its bridge
 * in {@code master}): an observer of what a daemon built that does not go through the daemon.
 */
final class BridgePorts {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BridgePorts() {}

    /** A bridge's ports, and how many of them are up. */
    record Ports(int ports, int up) {}

    /** By bridge name, in {@code ns}. */
    static Map<String, Ports> in(Path ip, NetNs ns, Path errors) {
        return parse(Processes.run(ThrowawayNamespaces.inside(ns, List.of(ip.toString(), "-j", "link", "show")), errors));
    }

    /** By bridge name, from the output of {@code ip -j link show}. */
    static Map<String, Ports> parse(String json) {
        Map<String, Ports> bridges = new TreeMap<>();
        for (JsonNode link : JSON.readTree(json)) {
            String master = link.path("master").asString("");
            if (master.isEmpty()) {
                continue;
            }
            boolean up = false;
            for (JsonNode flag : link.path("flags")) {
                up |= flag.asString().equals("UP");
            }
            Ports sofar = bridges.getOrDefault(master, new Ports(0, 0));
            bridges.put(master, new Ports(sofar.ports() + 1, sofar.up() + (up ? 1 : 0)));
        }
        return bridges;
    }
}

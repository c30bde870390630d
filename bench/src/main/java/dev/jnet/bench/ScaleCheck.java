package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.rtnl.Address;
import dev.jnet.kernel.rtnl.Link;
import dev.jnet.kernel.rtnl.RtNetlink;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that every endpoint of the scale run exists as jnetd answered: in the fake host, with
 * {@code ip -j link}, each bridge has as many ports as endpoints on its network, all up; in every
 * sandbox, over rtnetlink (jnet's kernel layer, not its controller), each interface jnetd named is up
 * and holds the address it reported; a sample of sandboxes also with {@code ip -j addr} through nsenter;
 * and no address was handed out twice on a network.
 */
final class ScaleCheck {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int SAMPLE = 5;
    private static final int SHOWN = 5;

    private final BenchmarkFrame frame;
    private final ScaleShape shape;

    ScaleCheck(BenchmarkFrame frame, ScaleShape shape) {
        this.frame = frame;
        this.shape = shape;
    }

    /** The bridge of network {@code n}, named at create so the fake host can be read without jnetd. */
    static String bridge(int n) {
        return "jbscale" + n;
    }

    /** One line; fails listing the first problems. */
    String verify(NetNs host, NetNs[] sandboxes, JsonNode[] answers) {
        List<String> problems = new ArrayList<>();
        Map<String, BridgePorts.Ports> bridges = BridgePorts.in(frame.ip(), host, frame.work().resolve("scale.err"));
        int ports = 0;
        for (int n = 0; n < shape.networks(); n++) {
            BridgePorts.Ports p = bridges.getOrDefault(bridge(n), new BridgePorts.Ports(0, 0));
            ports += p.up();
            if (p.ports() != shape.endpointsOn(n) || p.up() != p.ports()) {
                problems.add("%s has %d ports (%d up), not %d".formatted(bridge(n), p.ports(), p.up(), shape.endpointsOn(n)));
            }
        }
        List<Set<String>> given = new ArrayList<>();
        for (int n = 0; n < shape.networks(); n++) {
            given.add(new HashSet<>());
        }
        for (int e = 0; e < shape.endpoints(); e++) {
            if (!given.get(shape.network(e)).add(answers[e].path("ipv4").asString())) {
                problems.add("endpoint " + e + ": " + answers[e].path("ipv4").asString() + " given twice");
            }
        }
        for (int s = 0; s < sandboxes.length; s++) {
            checkSandbox(s, sandboxes[s], expected(s, answers), problems);
        }
        int sampled = Math.min(SAMPLE, sandboxes.length);
        for (int k = 0; k < sampled; k++) {
            int s = (int) ((long) k * (sandboxes.length - 1) / Math.max(1, sampled - 1));
            checkWithIp(s, sandboxes[s], expected(s, answers), problems);
        }
        if (!problems.isEmpty()) {
            throw new BenchmarkException(problems.size() + " problems: "
                    + String.join("; ", problems.subList(0, Math.min(SHOWN, problems.size()))));
        }
        return ("checked: %,d bridge ports up on %d bridges (ip -j link in the fake host); %,d sandboxes hold their "
                + "%,d interfaces up with the addresses jnetd gave, each once (netlink), %d also with ip -j")
                .formatted(ports, shape.networks(), sandboxes.length, shape.endpoints(), sampled);
    }

    /** Interface name to address, as jnetd answered the sandbox's connects. */
    private Map<String, String> expected(int sandbox, JsonNode[] answers) {
        Map<String, String> wanted = new HashMap<>();
        for (int j = 0; j < shape.networksPerSandbox(); j++) {
            JsonNode answer = answers[shape.endpointOf(sandbox, j)];
            wanted.put(answer.path("interface").asString(), answer.path("ipv4").asString());
        }
        return wanted;
    }

    private void checkSandbox(int s, NetNs ns, Map<String, String> wanted, List<String> problems) {
        try (RtNetlink rtnl = RtNetlink.open(frame.executor(), ns)) {
            Map<Integer, Link> links = new HashMap<>();
            for (Link link : rtnl.links().list()) {
                links.put(link.index(), link);
            }
            Map<String, Set<String>> addresses = new HashMap<>();
            for (Address a : rtnl.addresses().list()) {
                Link link = links.get(a.index());
                if (link != null) {
                    addresses.computeIfAbsent(link.name().value(), k -> new HashSet<>()).add(a.cidr().toString());
                }
            }
            wanted.forEach((ifname, cidr) -> {
                Link link = links.values().stream().filter(l -> l.name().value().equals(ifname)).findFirst().orElse(null);
                if (link == null || !link.up()) {
                    problems.add("sandbox %d: %s %s".formatted(s, ifname, link == null ? "is missing" : "is down"));
                } else if (!addresses.getOrDefault(ifname, Set.of()).contains(cidr)) {
                    problems.add("sandbox %d: %s has %s, not %s".formatted(s, ifname, addresses.get(ifname), cidr));
                }
            });
        }
    }

    private void checkWithIp(int s, NetNs ns, Map<String, String> wanted, List<String> problems) {
        String output = Processes.run(ThrowawayNamespaces.inside(ns, List.of(frame.ip().toString(), "-j", "addr", "show")),
                frame.work().resolve("scale.err"));
        Map<String, Set<String>> seen = new HashMap<>();
        for (JsonNode link : JSON.readTree(output)) {
            boolean up = false;
            for (JsonNode flag : link.path("flags")) {
                up |= flag.asString().equals("UP");
            }
            Set<String> cidrs = seen.computeIfAbsent(link.path("ifname").asString(), k -> new HashSet<>());
            for (JsonNode a : link.path("addr_info")) {
                if (up && a.path("family").asString().equals("inet")) {
                    cidrs.add(a.path("local").asString() + "/" + a.path("prefixlen").asInt());
                }
            }
        }
        wanted.forEach((ifname, cidr) -> {
            if (!seen.getOrDefault(ifname, Set.of()).contains(cidr)) {
                problems.add("ip -j, sandbox %d: %s is not up with %s".formatted(s, ifname, cidr));
            }
        });
    }
}

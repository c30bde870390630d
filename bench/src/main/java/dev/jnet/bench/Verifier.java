package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Checks, with {@code ip -j} run inside the namespace (an observer independent of jnet), that a method
 * really built the workload: every link exists and is administratively up, every address is on its link.
 *
 * @param ip the absolute path of the {@code ip} binary
 * @param files where {@code ip}'s error output goes
 */
record Verifier(Path ip, ThrowawayNamespaces files) {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int SHOWN_PROBLEMS = 5;

    /** Returns a one-line summary; throws if anything is missing. */
    String verify(Workload workload, NetNs ns) {
        Map<String, Set<String>> flags = new HashMap<>();
        Map<String, Set<String>> addresses = new HashMap<>();
        for (JsonNode link : show(ns, "link")) {
            flags.put(link.path("ifname").asString(), texts(link.path("flags")));
        }
        for (JsonNode link : show(ns, "addr")) {
            Set<String> inet = StreamSupport.stream(link.path("addr_info").spliterator(), false)
                    .filter(a -> a.path("family").asString().equals("inet"))
                    .map(a -> a.path("local").asString() + "/" + a.path("prefixlen").asInt())
                    .collect(Collectors.toSet());
            addresses.put(link.path("ifname").asString(), inet);
        }
        List<String> problems = new ArrayList<>();
        int up = 0;
        for (int i = 0; i < workload.pairs(); i++) {
            for (String name : List.of(workload.name(i).value(), workload.peer(i).value())) {
                Set<String> f = flags.get(name);
                if (f == null) {
                    problems.add(name + " is missing");
                } else if (!f.contains("UP")) {
                    problems.add(name + " is not up " + f);
                } else {
                    up++;
                }
            }
            String wanted = workload.address(i).toString();
            if (!addresses.getOrDefault(workload.name(i).value(), Set.of()).contains(wanted)) {
                problems.add(workload.name(i) + " lacks " + wanted);
            }
        }
        if (!problems.isEmpty()) {
            throw new BenchmarkException(problems.size() + " problems in " + ns + ": "
                    + String.join("; ", problems.subList(0, Math.min(SHOWN_PROBLEMS, problems.size())))
                    + (problems.size() > SHOWN_PROBLEMS ? "; ..." : ""));
        }
        return "verified with ip -j: %d pairs, %d links up, %d addresses".formatted(workload.pairs(), up, workload.pairs());
    }

    private JsonNode show(NetNs ns, String object) {
        String output = Processes.run(ThrowawayNamespaces.inside(ns, List.of(ip.toString(), "-j", object, "show")),
                files.workDirectory().resolve("verify.err"));
        return JSON.readTree(output);
    }

    private static Set<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString).collect(Collectors.toSet());
    }
}

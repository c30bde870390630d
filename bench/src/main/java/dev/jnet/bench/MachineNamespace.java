package dev.jnet.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the machine's own network namespace holds, seen with {@code ip} and {@code nft}: link names,
 * nftables tables and named namespaces. Taken before and after a benchmark to show that it changed
 * nothing there (another program running at the same time would show up too).
 */
record MachineNamespace(Set<String> links, Set<String> tables, Set<String> namedNamespaces) {

    static MachineNamespace snapshot(Path ip, Path errors) {
        return new MachineNamespace(lines(List.of(ip.toString(), "-o", "link", "show"), errors, true),
                lines(List.of("nft", "list", "tables"), errors, false),
                lines(List.of(ip.toString(), "netns", "list"), errors, false));
    }

    private static Set<String> lines(List<String> command, Path errors, boolean linkNames) {
        Set<String> out = new TreeSet<>();
        for (String line : Processes.run(command, errors).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            // "2: eth0: <...>" -> "eth0"; "table inet x" as it is; "ns1 (id: 0)" -> "ns1"
            out.add(linkNames ? line.split(":")[1].strip() : line.strip().split(" \\(")[0]);
        }
        return out;
    }

    /** Empty when nothing changed, else what appeared and what went. */
    List<String> differencesTo(MachineNamespace later) {
        List<String> differences = new ArrayList<>();
        compare("link", links, later.links, differences);
        compare("nftables", tables, later.tables, differences);
        compare("named namespace", namedNamespaces, later.namedNamespaces, differences);
        return differences;
    }

    /** One line: the machine's namespace is as it was before, or what changed. */
    String verdict(MachineNamespace later) {
        List<String> changed = differencesTo(later);
        return changed.isEmpty()
                ? "machine's namespace afterwards: the same links, nftables tables and named namespaces as before"
                : "machine's namespace CHANGED while the benchmark ran: " + String.join("; ", changed);
    }

    private static void compare(String what, Set<String> before, Set<String> after, List<String> differences) {
        after.stream().filter(x -> !before.contains(x)).forEach(x -> differences.add("new " + what + " " + x));
        before.stream().filter(x -> !after.contains(x)).forEach(x -> differences.add("gone " + what + " " + x));
    }
}

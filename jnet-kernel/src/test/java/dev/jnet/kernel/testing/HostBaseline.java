package dev.jnet.kernel.testing;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Set;
import java.util.TreeSet;

/**
 * What jnet and its tests could have left in the machine's own network namespace (links, addresses,
 * routes, nftables tables and rules, named namespaces), read with {@code ip -j} and {@code nft -j} only. A
 * snapshot is taken before the first test runs, so that the last test can prove the suite left the machine
 * as it found it. Only jnet's own names and marks count: other programs on the machine (podman, CNI,
 * dockerd, another test run) make and remove links, tables and namespaces while the suite runs, and those
 * must not fail it. jnet's are the links it marks (an alias starting {@code jnet:}) or names {@code jnet*},
 * the addresses and routes on them, tables named {@code jnet*}, rules it puts in other tables (comment
 * {@code jnet}) and namespaces named as its sandboxes or {@code jnet*}. The tests themselves make links
 * only inside throwaway namespaces, which go with them.
 */
public final class HostBaseline implements TestExecutionListener {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The alias prefix jnet marks its links with ({@code Driver.OWNER_MARK} in jnet-core). */
    private static final String OWNER_MARK = "jnet:";
    private static volatile Snapshot atStart;

    /** The host namespace's network objects, each as one comparable line. */
    public record Snapshot(Set<String> links, Set<String> addresses, Set<String> routes, Set<String> nftTables,
                           Set<String> namedNamespaces, Set<String> sysctls, Set<String> ownMounts) {}

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        if (atStart == null && TestKernel.isRoot()) {
            atStart = take();
        }
    }

    /** The snapshot taken before the first test, or null when tests were started some other way. */
    public static Snapshot atStart() {
        return atStart;
    }

    public static Snapshot take() {
        return new Snapshot(links(), addresses(), routes(), nftTables(), namedNamespaces(), sysctls(), ownMounts());
    }

    /** The observer's JSON; an observer that fails fails the check (it must never pass by seeing nothing). */
    private static JsonNode json(String... command) {
        Command.Result r = Command.run(command).orFail(java.util.List.of(command));
        return r.stdout().isBlank() ? JSON.createArrayNode() : JSON.readTree(r.stdout());
    }

    /** The forwarding switches jnet turns on in its host namespace: they must stay as they were here. */
    private static Set<String> sysctls() {
        Set<String> out = new TreeSet<>();
        for (String key : new String[] {"net/ipv4/ip_forward", "net/ipv6/conf/all/forwarding"}) {
            try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("/proc/sys", key))) {
                out.add(key + "=" + new String(in.readAllBytes()).strip());
            } catch (java.io.IOException e) {
                out.add(key + " unreadable");
            }
        }
        return out;
    }

    /** Mounts under this test run's own directory (other runs on the machine have their own). */
    private static Set<String> ownMounts() {
        Set<String> out = new TreeSet<>();
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/mountinfo"))) {
                String[] fields = line.split(" ");
                if (fields.length > 4 && fields[4].startsWith(NetnsExtension.RUN_DIR.toString())) {
                    out.add(fields[4]);
                }
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot read /proc/self/mountinfo", e);
        }
        return out;
    }

    private static Set<String> links() {
        return jnetLinks(json("ip", "-j", "link", "show"));
    }

    /** The names of every link in the host namespace, jnet's or not (for a check over a short window). */
    public static Set<String> allLinkNames() {
        Set<String> out = new TreeSet<>();
        json("ip", "-j", "link", "show").forEach(l -> out.add(l.path("ifname").asString()));
        return out;
    }

    /** The links of an {@code ip -j link} answer that are jnet's: marked by it, or named {@code jnet*}. */
    static Set<String> jnetLinks(JsonNode ipLinks) {
        Set<String> out = new TreeSet<>();
        ipLinks.forEach(l -> {
            String name = l.path("ifname").asString();
            if (name.startsWith("jnet") || l.path("ifalias").asString("").startsWith(OWNER_MARK)) {
                out.add(name);
            }
        });
        return out;
    }

    private static Set<String> addresses() {
        Set<String> jnet = links();
        Set<String> out = new TreeSet<>();
        json("ip", "-j", "addr", "show").forEach(l -> {
            String name = l.path("ifname").asString();
            if (jnet.contains(name)) {
                l.path("addr_info").forEach(a ->
                        out.add(name + " " + a.path("local").asString() + "/" + a.path("prefixlen").asInt()));
            }
        });
        return out;
    }

    private static Set<String> routes() {
        Set<String> jnet = links();
        Set<String> out = new TreeSet<>();
        for (String family : new String[] {"-4", "-6"}) {
            json("ip", family, "-j", "route", "show", "table", "all").forEach(r -> {
                if (jnet.contains(r.path("dev").asString())) {
                    out.add(family + " " + r.path("dst").asString() + " via " + r.path("gateway").asString() + " dev "
                            + r.path("dev").asString() + " table " + r.path("table").asString("main"));
                }
            });
        }
        return out;
    }

    private static Set<String> nftTables() {
        return jnetNftables(json("nft", "-j", "list", "ruleset"));
    }

    /**
     * The tables named {@code jnet*} of an {@code nft -j list ruleset} answer, and per chain of any other
     * table the number of rules jnet marked there (comment {@code jnet}).
     */
    static Set<String> jnetNftables(JsonNode ruleset) {
        Set<String> out = new TreeSet<>();
        java.util.Map<String, Integer> marked = new java.util.TreeMap<>();
        ruleset.path("nftables").forEach(n -> {
            if (n.has("table") && n.path("table").path("name").asString().startsWith("jnet")) {
                out.add(n.path("table").path("family").asString() + " " + n.path("table").path("name").asString());
            }
            JsonNode rule = n.path("rule");
            if (rule.path("comment").asString("").equals("jnet") && !rule.path("table").asString().startsWith("jnet")) {
                marked.merge(rule.path("family").asString() + " " + rule.path("table").asString() + " chain "
                        + rule.path("chain").asString() + " jnet rules", 1, Integer::sum);
            }
        });
        marked.forEach((chain, count) -> out.add(chain + " " + count));
        return out;
    }

    /**
     * Named namespaces (in /run/netns) that jnet could have made there: a sandbox's (12 hex digits) or one
     * named jnet-something. Other programs on the machine (podman, CNI, another test run, a benchmark) make
     * and remove theirs while the suite runs; jnet's tests never use /run/netns, so only a jnet bug that put
     * sandboxes there would show here.
     */
    private static Set<String> namedNamespaces() {
        Set<String> out = new TreeSet<>();
        json("ip", "-j", "netns", "list").forEach(n -> {
            String name = n.path("name").asString();
            if (name.matches("[0-9a-f]{12}") || name.startsWith("jnet")) {
                out.add(name);
            }
        });
        return out;
    }
}

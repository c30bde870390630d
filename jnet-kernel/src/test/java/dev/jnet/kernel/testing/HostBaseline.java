package dev.jnet.kernel.testing;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Set;
import java.util.TreeSet;

/**
 * What the machine's own network namespace holds (links, addresses, routes, nftables tables, named
 * namespaces), read with {@code ip -j} and {@code nft -j} only. A snapshot is taken before the first
 * test runs, so that the last test can prove the suite left the machine as it found it.
 */
public final class HostBaseline implements TestExecutionListener {
    private static final JsonMapper JSON = JsonMapper.builder().build();
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
        Set<String> out = new TreeSet<>();
        json("ip", "-j", "link", "show").forEach(l -> out.add(l.path("ifname").asString()));
        return out;
    }

    private static Set<String> addresses() {
        Set<String> out = new TreeSet<>();
        json("ip", "-j", "addr", "show").forEach(l -> l.path("addr_info").forEach(a ->
                out.add(l.path("ifname").asString() + " " + a.path("local").asString() + "/" + a.path("prefixlen").asInt())));
        return out;
    }

    private static Set<String> routes() {
        Set<String> out = new TreeSet<>();
        for (String family : new String[] {"-4", "-6"}) {
            json("ip", family, "-j", "route", "show", "table", "all").forEach(r -> out.add(family + " "
                    + r.path("dst").asString() + " via " + r.path("gateway").asString() + " dev " + r.path("dev").asString()
                    + " table " + r.path("table").asString("main")));
        }
        return out;
    }

    private static Set<String> nftTables() {
        Set<String> out = new TreeSet<>();
        json("nft", "-j", "list", "tables").path("nftables").forEach(n -> {
            if (n.has("table")) {
                out.add(n.path("table").path("family").asString() + " " + n.path("table").path("name").asString());
            }
        });
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

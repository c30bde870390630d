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
                           Set<String> namedNamespaces) {}

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
        return new Snapshot(links(), addresses(), routes(), nftTables(), namedNamespaces());
    }

    private static JsonNode json(String... command) {
        Command.Result r = Command.run(command);
        return r.exitCode() == 0 && !r.stdout().isBlank() ? JSON.readTree(r.stdout()) : JSON.createArrayNode();
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

    private static Set<String> namedNamespaces() {
        Set<String> out = new TreeSet<>();
        json("ip", "-j", "netns", "list").forEach(n -> out.add(n.path("name").asString()));
        return out;
    }
}

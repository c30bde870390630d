package dev.jnet.kernel.testing;

import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.nft.Nftables;
import dev.jnet.kernel.rtnl.RtNetlink;
import dev.jnet.kernel.sysctl.Sysctl;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A network namespace made for one test and removed after it, with jnet's handles to it and an
 * independent observer ({@code nsenter --net=... ip -j ...}).
 */
public final class ThrowawayNs {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final NetNs ns;
    private RtNetlink rtnl;
    private Nftables nft;

    ThrowawayNs(NetNs ns) {
        this.ns = ns;
    }

    public NetNs ns() {
        return ns;
    }

    public String name() {
        return ns.name();
    }

    public synchronized RtNetlink rtnl() {
        if (rtnl == null) {
            rtnl = RtNetlink.open(TestKernel.executor(), ns);
        }
        return rtnl;
    }

    public synchronized Nftables nft() {
        if (nft == null) {
            nft = Nftables.open(TestKernel.executor(), ns);
        }
        return nft;
    }

    public Sysctl sysctl() {
        return new Sysctl(TestKernel.executor(), ns);
    }

    /** Runs Java code inside the namespace (sockets made there stay there). */
    public <T> T call(Callable<T> task) {
        return TestKernel.executor().call(ns, task);
    }

    /** Runs a program inside the namespace. */
    public Command.Result exec(String... command) {
        List<String> full = new ArrayList<>(List.of("nsenter", "--net=" + ns.path()));
        full.addAll(List.of(command));
        return Command.run(full);
    }

    /** Runs a program inside the namespace, fails unless it exits 0, and parses its JSON output. */
    public JsonNode json(String... command) {
        List<String> full = new ArrayList<>(List.of("nsenter", "--net=" + ns.path()));
        full.addAll(List.of(command));
        String out = Command.run(full).orFail(full).stdout();
        return JSON.readTree(out.isBlank() ? "[]" : out);
    }

    /** {@code ip -j -d link show} in this namespace, as JSON. */
    public JsonNode ipLinks() {
        return json("ip", "-j", "-d", "link", "show");
    }

    /** The observer's view of one link, or a missing node if there is none. */
    public JsonNode ipLink(String name) {
        for (JsonNode link : ipLinks()) {
            if (link.path("ifname").asString().equals(name)) {
                return link;
            }
        }
        return JSON.missingNode();
    }

    /** Names of the links the observer sees. */
    public List<String> ipLinkNames() {
        List<String> names = new ArrayList<>();
        ipLinks().forEach(l -> names.add(l.path("ifname").asString()));
        return names;
    }

    synchronized void closeHandles() {
        if (rtnl != null) {
            rtnl.close();
            rtnl = null;
        }
        if (nft != null) {
            nft.close();
            nft = null;
        }
    }

    @Override
    public String toString() {
        return ns.toString();
    }
}

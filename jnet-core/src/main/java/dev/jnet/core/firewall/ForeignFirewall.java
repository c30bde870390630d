package dev.jnet.core.firewall;

import dev.jnet.core.firewall.ForeignChains.Chain;
import dev.jnet.core.firewall.ForeignChains.Direction;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.Kernel;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;
import dev.jnet.kernel.nft.NftInventory;
import dev.jnet.kernel.nft.Nftables;
import dev.jnet.kernel.xtables.LegacyChain;
import dev.jnet.kernel.xtables.LegacyIptables;
import dev.jnet.net.IfName;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * jnet next to another firewall (Docker's iptables, firewalld, ufw): a drop in any base chain at the
 * forward hook is final, so Docker's {@code FORWARD} chain with {@code policy drop} would drop every packet
 * of jnet's bridges, although jnet's own table accepts it. An accept, on the other hand, only ends the chain
 * it is in: jnet's own forward chain still filters (isolation, published ports only).
 *
 * <p>In {@link ForeignFirewallMode#INSERT} mode jnet puts two rules per bridge into each such chain,
 * {@code iifname "BR" accept} and {@code oifname "BR" accept}, marked with the comment {@code jnet}, just before
 * the chain's last rule when that rule drops everything and at its end otherwise: every rule of the other
 * firewall (Docker's isolation of its own bridges, the administrator's {@code DOCKER-USER} rules) still
 * comes first; only the fall-through to the drop is lifted, for jnet's bridges alone. Each pass is one nft batch
 * that adds what is missing and deletes (by handle) jnet's rules that nothing needs any more; other rules
 * are never touched. In {@link ForeignFirewallMode#LEAVE} mode jnet changes nothing and reports.
 *
 * <p>Legacy iptables tables (x_tables) are read, never written: their drops are reported with the
 * {@code iptables-legacy} commands that would fix them.
 */
public final class ForeignFirewall {
    private static final System.Logger LOG = System.getLogger(ForeignFirewall.class.getName());

    private final Nftables nft;
    private final NetnsExecutor executor;
    private final NetNs ns;
    /** The controller's table counter in {@code ns}, kept open; empty: one is opened for each scan. */
    private final Optional<NftInventory> inventory;
    private final ForeignFirewallMode mode;
    private final SortedSet<String> bridges = new TreeSet<>(); // guarded by this
    private Set<String> loggedWarnings = Set.of(); // guarded by this
    private volatile ForeignFirewallReport last;
    private String failedBatch = ""; // guarded by this: the last batch the kernel refused, not worth a repair again

    /** Other firewalls in {@code ns}, seen through {@code nft} (a context in the same namespace). */
    public ForeignFirewall(Nftables nft, NetnsExecutor executor, NetNs ns, ForeignFirewallMode mode) {
        this(nft, executor, ns, Optional.empty(), mode);
    }

    private ForeignFirewall(Nftables nft, NetnsExecutor executor, NetNs ns, Optional<NftInventory> inventory,
                            ForeignFirewallMode mode) {
        this.nft = nft;
        this.executor = executor;
        this.ns = ns;
        this.inventory = inventory;
        this.mode = mode;
        this.last = new ForeignFirewallReport(mode, List.of(), List.of(), List.of());
    }

    /** Other firewalls in the kernel's host namespace. */
    public static ForeignFirewall inHost(Kernel kernel, ForeignFirewallMode mode) {
        return new ForeignFirewall(kernel.nftables(kernel.hostNamespace()), kernel.executor(), kernel.hostNamespace(),
                Optional.of(kernel.nftInventory(kernel.hostNamespace())), mode);
    }

    /** jnet's firewall with this one keeping other firewalls' forward chains open for its bridges. */
    public Firewall around(Firewall jnet) {
        return new CoexistingFirewall(jnet, this);
    }

    public ForeignFirewallMode mode() {
        return mode;
    }

    /**
     * Brings jnet's rules in other firewalls' chains in line with exactly these bridges (insert mode), and
     * reports. Idempotent; a chain that appeared since the last pass (Docker started later) is handled now.
     */
    public synchronized ForeignFirewallReport reconcile(Collection<IfName> current) {
        bridges.clear();
        current.forEach(b -> bridges.add(b.value()));
        return pass();
    }

    synchronized ForeignFirewallReport bridgeAdded(IfName bridge) {
        bridges.add(bridge.value());
        return pass();
    }

    synchronized ForeignFirewallReport bridgeRemoved(IfName bridge) {
        bridges.remove(bridge.value());
        return pass();
    }

    /** What other firewalls do to jnet's bridges now, read fresh; changes nothing. */
    public synchronized ForeignFirewallReport inspect() {
        List<String> problems = new ArrayList<>();
        List<Chain> chains = scan(problems);
        return report(chains, List.of(), problems);
    }

    /**
     * What a {@link #reconcile} would change in other firewalls' chains now, in words (empty: nothing, or leave
     * mode): jnet's accept rules that a restarted Docker or a reloaded firewalld took away, a dropping chain
     * that appeared since. Reads only; lists nothing but the tables when no other ip, ip6 or inet table exists.
     */
    public synchronized List<String> drift() {
        if (mode != ForeignFirewallMode.INSERT) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        ForeignPlan plan = ForeignPlan.of(scan(problems), bridges);
        if (plan.batch().equals(failedBatch)) {
            return List.of(); // refused last time (and reported): a repair would only fail again
        }
        return plan.changes().stream().map(c -> "other firewalls: would have " + c).toList();
    }

    /** The report of the last reconciliation (at start-up: what the first pass found and changed). */
    public ForeignFirewallReport lastReport() {
        return last;
    }

    /**
     * Reads, as in leave mode, what the forward chains of {@code ns} do to {@code bridges}: for
     * {@code jnet doctor}, which runs without jnetd.
     */
    public static ForeignFirewallReport inspect(Nftables nft, NetnsExecutor executor, NetNs ns, Collection<IfName> bridges) {
        ForeignFirewall look = new ForeignFirewall(nft, executor, ns, ForeignFirewallMode.LEAVE);
        bridges.forEach(b -> look.bridges.add(b.value()));
        return look.inspect();
    }

    private ForeignFirewallReport pass() {
        List<String> problems = new ArrayList<>();
        List<Chain> chains = scan(problems);
        List<String> changes = List.of();
        if (mode == ForeignFirewallMode.INSERT) {
            ForeignPlan plan = ForeignPlan.of(chains, bridges);
            if (!plan.isEmpty()) {
                changes = applyOnce(plan, problems);
                if (changes.isEmpty()) {
                    // Something changed those chains between listing and applying: plan again on what is there now.
                    problems.clear();
                    plan = ForeignPlan.of(scan(problems), bridges);
                    changes = plan.isEmpty() ? List.of() : applyOnce(plan, problems);
                } else {
                    problems.clear();
                }
                chains = scan(problems);
            }
        }
        ForeignFirewallReport report = report(chains, changes, problems);
        log(report);
        last = report;
        return report;
    }

    private List<String> applyOnce(ForeignPlan plan, List<String> problems) {
        try {
            nft.applyJson(plan.batch());
            failedBatch = "";
            return plan.changes();
        } catch (JnetException e) {
            failedBatch = plan.batch();
            problems.add("could not change other firewalls' forward chains: " + e.getMessage());
            return List.of();
        }
    }

    private List<Chain> scan(List<String> problems) {
        try {
            return ForeignChains.scan(nft, tables(), problems);
        } catch (JnetException e) {
            problems.add("cannot list the nftables chains of " + ns + ": " + e.getMessage());
            return List.of();
        }
    }

    /** Every table in {@code ns}, over netlink: the check runs every 2 s, through the kept socket if there is one. */
    private List<String> tables() {
        if (inventory.isPresent()) {
            return inventory.get().tables();
        }
        try (NftInventory opened = NftInventory.open(executor, ns)) {
            return opened.tables();
        }
    }

    private ForeignFirewallReport report(List<Chain> chains, List<String> changes, List<String> problems) {
        List<ForeignDrop> drops = new ArrayList<>();
        for (Chain chain : chains) {
            if (chain.drops()) {
                drops.add(drop(chain));
            }
        }
        try {
            for (LegacyChain chain : LegacyIptables.forwardChains(executor, ns)) {
                LegacyDrops.of(chain, bridges).ifPresent(drops::add);
            }
        } catch (JnetException e) {
            problems.add("cannot read the legacy iptables tables of " + ns + ": " + e.getMessage());
        }
        return new ForeignFirewallReport(mode, drops, changes, problems);
    }

    private ForeignDrop drop(Chain chain) {
        List<String> through = new ArrayList<>();
        List<String> blocked = new ArrayList<>();
        List<String> fix = new ArrayList<>();
        for (String bridge : bridges) {
            boolean open = true;
            for (Direction d : Direction.values()) {
                if (!chain.passes(bridge, d)) {
                    open = false;
                    fix.add("nft '" + chain.addCommand(bridge, d) + "'");
                }
            }
            (open ? through : blocked).add(bridge);
        }
        return new ForeignDrop("nftables", chain.qualifiedTable(), chain.name(), chain.reason(), through, blocked, fix);
    }

    /** Each change once; a blocking chain or a problem once, until it goes away and comes back. */
    private void log(ForeignFirewallReport report) {
        report.changes().forEach(c -> LOG.log(System.Logger.Level.INFO, c));
        Set<String> warnings = new HashSet<>(report.problems());
        report.blocking().forEach(d -> warnings.add(d.describe()));
        warnings.stream().filter(w -> !loggedWarnings.contains(w)).sorted()
                .forEach(w -> LOG.log(System.Logger.Level.WARNING, w));
        loggedWarnings = warnings;
    }
}

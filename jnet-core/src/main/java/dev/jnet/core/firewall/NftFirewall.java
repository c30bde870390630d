package dev.jnet.core.firewall;

import dev.jnet.error.JnetException;
import dev.jnet.kernel.Errno;
import dev.jnet.kernel.KernelException;
import dev.jnet.kernel.nft.NftElement;
import dev.jnet.kernel.nft.NftElementBatch;
import dev.jnet.kernel.nft.NftInventory;
import dev.jnet.kernel.nft.NftSetElements;
import dev.jnet.kernel.nft.NftValue;
import dev.jnet.kernel.nft.Nftables;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * jnet's firewall in nftables: tables of its own ({@code table inet jnet}, {@code table bridge jnet},
 * laid out in {@link NftRules}) that nothing else touches and that jnet never reads-modifies-writes.
 * Every change is one atomic batch whose size depends only on the object changed: a network adds three
 * small chains and a few map entries; an endpoint adds one element per published port and its pins. Tables,
 * chains, rules and rebuilds go through libnftables; an endpoint's elements, the change every connect makes,
 * go as one nf_tables netlink batch of jnet's own ({@code elements}), without libnftables' parsing and cache.
 */
public final class NftFirewall implements Firewall {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final NftElement READY = NftElement.of(NftValue.inetService(NftRules.READY_VALUE));
    private final Nftables nft;
    private final NftInventory inventory;
    private final NftSetElements elements;
    /** The handle of the forward chain's first rule ({@code jump user}) since the last rebuild; -1 if unknown. */
    private volatile long markerRule = -1;
    private volatile Expected lastExpected;

    /**
     * A firewall that changes tables through {@code nft}, endpoints' elements through {@code elements}, and
     * checks the tables for drift through {@code inventory}; all three in the same namespace.
     */
    public NftFirewall(Nftables nft, NftInventory inventory, NftSetElements elements) {
        this.nft = nft;
        this.inventory = inventory;
        this.elements = elements;
    }

    /**
     * Replaces everything in jnet's tables except the user chain with what {@code networks} needs, in
     * one transaction: a flushed, edited or half-deleted table comes back whole.
     */
    @Override
    public void rebuild(Map<FirewallNetwork, List<FirewallEndpoint>> networks) {
        nft.apply(NftRules.skeleton()); // so that there is a table to list
        StringBuilder script = new StringBuilder(clearTable())
                .append("delete table ").append(NftRules.BRIDGE_TABLE).append('\n')
                .append(NftRules.skeleton()).append(NftRules.baseRules());
        List<NftElements.Element> all = new ArrayList<>();
        networks.forEach((network, endpoints) -> {
            script.append(NftRules.addNetwork(network));
            endpoints.forEach(e -> all.addAll(NftElements.of(network, e)));
        });
        // One statement per set for all its elements: libnftables parses and evaluates each statement on
        // its own, and 30,000 one-element statements cost it three times what 8 long ones do.
        script.append(NftElements.addAll(all));
        nft.apply(script.toString());
        markerRule = findMarkerRule().orElse(-1L);
    }

    /** The handle of the rule that jumps to the user chain, first in the forward chain. */
    private Optional<Long> findMarkerRule() {
        JsonNode chain;
        try {
            chain = JSON.readTree(nft.listJson("list chain " + NftRules.TABLE + " forward"));
        } catch (JnetException e) {
            return Optional.empty(); // no such chain (or table): no marker either
        }
        for (JsonNode item : chain.path("nftables")) {
            JsonNode rule = item.path("rule");
            if (rule.path("expr").path(0).path("jump").path("target").asString("").equals(NftRules.USER_CHAIN)) {
                return Optional.of(rule.path("handle").asLong());
            }
        }
        return Optional.empty();
    }

    /**
     * Counts jnet's rules and elements in the kernel against what {@code networks} need: a few dumps whose
     * cost grows with the number of elements only by reading them, never by formatting a listing.
     */
    @Override
    public List<String> drift(Map<FirewallNetwork, List<FirewallEndpoint>> networks) {
        NftExpectation expected = expectation(networks);
        List<String> found = new ArrayList<>();
        for (String table : expected.tables()) {
            String[] familyAndName = table.split(" ");
            found.addAll(expected.differences(table, inventory.count(familyAndName[0], familyAndName[1], expected.sets(table))));
        }
        return found;
    }

    /**
     * The expectation for {@code networks}, computed again only when they changed: the check runs every
     * 2 s, and building the statements it counts cost it tens of milliseconds of CPU while nothing changed.
     */
    private NftExpectation expectation(Map<FirewallNetwork, List<FirewallEndpoint>> networks) {
        Expected last = lastExpected;
        if (last != null && last.networks().equals(networks)) {
            return last.expectation();
        }
        NftExpectation expectation = NftExpectation.of(networks);
        lastExpected = new Expected(Map.copyOf(networks), expectation);
        return expectation;
    }

    /** The last expectation and what it was computed for. */
    private record Expected(Map<FirewallNetwork, List<FirewallEndpoint>> networks, NftExpectation expectation) {}

    /**
     * Empties what jnet owns in its inet table: base chains flushed, per-network chains deleted, the
     * skeleton's sets and maps flushed (the skeleton was just applied: they exist). The user chain and
     * whatever else the administrator added (sets, chains) stay. Chain names come from a dump that carries
     * no elements, so the cost does not grow with the number of published ports.
     */
    private String clearTable() {
        String[] table = NftRules.TABLE.split(" ");
        StringBuilder flush = new StringBuilder();
        StringBuilder delete = new StringBuilder();
        Set<String> chains = inventory.count(table[0], table[1], List.of()).map(c -> c.rulesPerChain().keySet()).orElse(Set.of());
        for (String name : new TreeSet<>(chains)) {
            if (NftRules.BASE_CHAINS.contains(name) || NftRules.isNetworkChain(name)) {
                flush.append("flush chain ").append(NftRules.TABLE).append(' ').append(name).append('\n');
            }
            if (NftRules.isNetworkChain(name)) {
                delete.append("delete chain ").append(NftRules.TABLE).append(' ').append(name).append('\n');
            }
        }
        for (String line : NftRules.skeleton().split("\n")) {
            if (line.startsWith("add set " + NftRules.TABLE + " ") || line.startsWith("add map " + NftRules.TABLE + " ")) {
                flush.append("flush ").append(line, "add ".length(), line.indexOf(" {")).append('\n');
            }
        }
        return flush.append(delete).toString();
    }

    /** Throws {@link FirewallDriftException} (changing nothing) when something else flushed or removed jnet's tables. */
    @Override
    public synchronized void networkCreated(FirewallNetwork network) {
        applyToBuiltTable(() -> nft.apply(NftRules.READY + NftRules.skeleton() + NftRules.addNetwork(network)));
    }

    /**
     * Applies a change that needs the table a rebuild made: adding a network or ports to tables that a
     * {@code flush ruleset} emptied, or whose rules a {@code flush table} removed (sets and elements stay),
     * would look like success and filter nothing. Two guards, both constant in cost: the ready element
     * first in the same batch ({@code batch} adds it; gone with the table: the change fails whole), and,
     * after the batch, a look at the forward chain's first rule by its handle (gone with the rules: the
     * change went into a table without rules; the repair's rebuild, which follows at once, removes it). Both
     * throw {@link FirewallDriftException}.
     */
    private void applyToBuiltTable(Runnable batch) {
        long marker = markerRule;
        try {
            batch.run();
        } catch (JnetException e) {
            if (readyMarkerPresent()) {
                throw e;
            }
            throw drifted(e);
        }
        String[] table = NftRules.TABLE.split(" ");
        if (marker >= 0 && !inventory.hasRule(table[0], table[1], "forward", marker)) {
            throw drifted(null);
        }
    }

    private static FirewallDriftException drifted(JnetException cause) {
        return new FirewallDriftException("jnet's nftables table " + NftRules.TABLE + " was flushed or removed by "
                + "something else; jnet repairs it by itself within seconds, or run 'jnet system reconcile'", cause);
    }

    private boolean readyMarkerPresent() {
        try {
            nft.listJson("list set " + NftRules.TABLE + " ready");
            return true;
        } catch (JnetException e) {
            return false;
        }
    }

    /** Deletes both of jnet's tables, whatever is in them (each made first if missing, so that the delete cannot fail). */
    @Override
    public synchronized void removeAll() {
        nft.apply(NftRules.skeleton() + "delete table " + NftRules.TABLE + "\ndelete table " + NftRules.BRIDGE_TABLE + "\n");
        markerRule = -1;
    }

    /** Removes the network; when it was the last one and the user chain is empty, jnet's tables go too. */
    @Override
    public synchronized void networkDeleted(FirewallNetwork network) {
        nft.apply(NftRules.deleteNetwork(network));
        if (bridgeCount() == 0 && userChainEmpty()) {
            nft.apply(NftRules.skeleton() + "delete table " + NftRules.TABLE + "\ndelete table "
                    + NftRules.BRIDGE_TABLE + "\n");
            markerRule = -1;
        }
    }

    private int bridgeCount() {
        JsonNode set = JSON.readTree(nft.listJson("list set " + NftRules.TABLE + " bridges"));
        for (JsonNode item : set.path("nftables")) {
            if (item.has("set")) {
                return item.get("set").path("elem").size();
            }
        }
        throw new JnetException(dev.jnet.error.ErrorKind.INTERNAL, "nft listed no set bridges in table " + NftRules.TABLE);
    }

    private boolean userChainEmpty() {
        JsonNode chain = JSON.readTree(nft.listJson("list chain " + NftRules.TABLE + " " + NftRules.USER_CHAIN));
        for (JsonNode item : chain.path("nftables")) {
            if (item.has("rule")) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void endpointJoined(FirewallNetwork network, FirewallEndpoint endpoint) {
        List<NftElements.Element> added = NftElements.of(network, endpoint);
        if (!added.isEmpty()) {
            NftElementBatch batch = NftElements.adding(new NftElementBatch().add(NftRules.READY_SET, List.of(READY)), added);
            applyToBuiltTable(() -> elements.apply(batch));
        }
    }

    /**
     * Idempotent: each element is added before it is deleted, so a missing one is no error. When a table or
     * set is missing (removed by something else) the batch fails whole; then the same goes through
     * libnftables after the skeleton, which makes what is missing, so that the elements still there go.
     */
    @Override
    public void endpointLeft(FirewallNetwork network, FirewallEndpoint endpoint) {
        List<NftElements.Element> removed = NftElements.of(network, endpoint);
        if (removed.isEmpty()) {
            return;
        }
        try {
            elements.apply(NftElements.removing(removed));
        } catch (KernelException e) {
            if (!e.is(Errno.ENOENT)) {
                throw e;
            }
            StringBuilder script = new StringBuilder(NftRules.skeleton());
            removed.forEach(el -> script.append(el.add()).append(el.delete()));
            nft.apply(script.toString());
        }
    }
}

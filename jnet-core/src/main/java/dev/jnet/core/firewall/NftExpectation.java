package dev.jnet.core.firewall;

import dev.jnet.kernel.nft.TableCounts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What jnet's tables must hold for a set of networks, in counts (rules per chain, elements per set), read
 * off the very statements {@link NftRules} and {@link NftElements} write: comparing counts finds a flushed
 * table or chain, a deleted element or a stray rule in a few dumps, whatever the number of ports.
 *
 * @param rules per table ({@code inet jnet}), the rule count of each of jnet's chains
 * @param elements per table, the element count of each of jnet's sets and maps (0 for an empty one)
 */
record NftExpectation(Map<String, Map<String, Integer>> rules, Map<String, Map<String, Integer>> elements) {

    static NftExpectation of(Map<FirewallNetwork, List<FirewallEndpoint>> networks) {
        NftExpectation e = new NftExpectation(new LinkedHashMap<>(), new LinkedHashMap<>());
        e.read(NftRules.skeleton());
        e.read(NftRules.baseRules());
        networks.forEach((network, endpoints) -> {
            e.read(NftRules.addNetwork(network));
            endpoints.forEach(ep -> NftElements.of(network, ep).forEach(el -> e.count(e.elements, el.table(), el.set())));
        });
        return e;
    }

    /** Counts the script's rules and elements, and notes the sets and maps it declares. */
    private void read(String script) {
        for (String line : script.split("\n")) {
            String[] w = line.split(" ", 6);
            if (w.length < 5) {
                continue;
            }
            String table = w[2] + " " + w[3];
            String statement = w[0] + " " + w[1];
            switch (statement) {
                case "add rule" -> count(rules, table, w[4]);
                case "add element" -> count(elements, table, w[4]);
                case "add set", "add map" -> elements.computeIfAbsent(table, t -> new HashMap<>()).putIfAbsent(w[4], 0);
                default -> { }
            }
        }
    }

    private void count(Map<String, Map<String, Integer>> counts, String table, String name) {
        counts.computeIfAbsent(table, t -> new HashMap<>()).merge(name, 1, Integer::sum);
    }

    /** The sets and maps of {@code table} that jnet fills. */
    List<String> sets(String table) {
        return List.copyOf(elements.getOrDefault(table, Map.of()).keySet());
    }

    /**
     * How {@code actual} (empty: the table is missing) differs from this, in words; empty when it does not.
     * Chains and sets that are not jnet's (the user chain, the administrator's own) are not compared.
     */
    List<String> differences(String table, Optional<TableCounts> actual) {
        if (actual.isEmpty()) {
            return List.of("nftables table " + table + " is missing");
        }
        TableCounts counts = actual.get();
        List<String> found = new ArrayList<>();
        Map<String, Integer> chains = new TreeMap<>(rules.getOrDefault(table, Map.of()));
        List<String> wrong = new ArrayList<>();
        chains.forEach((chain, wanted) -> {
            var have = counts.rules(chain);
            if (have.isEmpty()) {
                found.add("chain " + chain + " of " + table + " is missing");
            } else if (have.getAsInt() != wanted) {
                wrong.add(chain + " has " + have.getAsInt() + " rules, not " + wanted);
            }
        });
        if (chains.size() > 1 && chains.keySet().stream().allMatch(c -> counts.rules(c).orElse(-1) == 0)) {
            found.add("every chain of " + table + " is empty (its rules were flushed)");
        } else if (!wrong.isEmpty()) {
            found.add("chains of " + table + " were edited: " + String.join(", ", wrong));
        }
        counts.rulesPerChain().keySet().stream()
                .filter(chain -> NftRules.isNetworkChain(chain) && !rules.getOrDefault(table, Map.of()).containsKey(chain))
                .sorted().forEach(chain -> found.add("chain " + chain + " of " + table + " belongs to no network"));
        new TreeMap<>(elements.getOrDefault(table, Map.of())).forEach((set, wanted) -> {
            var have = counts.elements(set);
            if (have.isEmpty()) {
                found.add("set " + set + " of " + table + " is missing");
            } else if (have.getAsInt() != wanted) {
                found.add("set " + set + " of " + table + " has " + have.getAsInt() + " elements, expected " + wanted);
            }
        });
        return found;
    }

    /** The tables jnet's statements write to. */
    List<String> tables() {
        List<String> tables = new ArrayList<>(rules.keySet());
        elements.keySet().stream().filter(t -> !tables.contains(t)).forEach(tables::add);
        return tables;
    }
}

package dev.jnet.kernel.nft;

import java.util.Map;
import java.util.OptionalInt;

/**
 * How much an nftables table holds, without its contents.
 *
 * @param rulesPerChain every chain of the table, with its number of rules (0 for an empty chain)
 * @param elementsPerSet the sets and maps asked about that exist, with their number of elements
 */
public record TableCounts(Map<String, Integer> rulesPerChain, Map<String, Integer> elementsPerSet) {
    public TableCounts {
        rulesPerChain = Map.copyOf(rulesPerChain);
        elementsPerSet = Map.copyOf(elementsPerSet);
    }

    /** The chain's rule count; empty if there is no such chain. */
    public OptionalInt rules(String chain) {
        Integer n = rulesPerChain.get(chain);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }

    /** The set's element count; empty if there is no such set (or it was not asked about). */
    public OptionalInt elements(String set) {
        Integer n = elementsPerSet.get(set);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }
}

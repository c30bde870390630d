package dev.jnet.kernel.nft;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Changes to the elements of nftables sets and maps, in order, that {@link NftSetElements#apply} sends to
 * the kernel as one transaction: all of them take effect or none. Every element is checked against its
 * set's types when it is added here.
 */
public final class NftElementBatch {
    /** One change: the elements to add to, or delete from, one set. */
    record Change(boolean add, NftSet set, List<NftElement> elements) {
        Change {
            elements = List.copyOf(elements);
            elements.forEach(set::check);
        }

        String describe() {
            return (add ? "add " : "delete ") + elements.size() + (elements.size() == 1 ? " element " : " elements ")
                    + (add ? "to " : "from ") + set;
        }
    }

    private final List<Change> changes = new ArrayList<>();

    /**
     * Adds elements; one that is there already is no error, unless it maps to other data (the kernel then
     * refuses the batch with {@code EEXIST}).
     */
    public NftElementBatch add(NftSet set, Collection<NftElement> elements) {
        if (!elements.isEmpty()) {
            changes.add(new Change(true, set, List.copyOf(elements)));
        }
        return this;
    }

    /** Deletes elements by key; one that is missing fails the batch ({@code ENOENT}): see {@link #remove}. */
    public NftElementBatch delete(NftSet set, Collection<NftElement> elements) {
        if (!elements.isEmpty()) {
            changes.add(new Change(false, set, List.copyOf(elements)));
        }
        return this;
    }

    /** Deletes elements whether or not they are there: each is added first, in the same transaction. */
    public NftElementBatch remove(NftSet set, Collection<NftElement> elements) {
        return add(set, elements).delete(set, elements);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    List<Change> changes() {
        return List.copyOf(changes);
    }
}

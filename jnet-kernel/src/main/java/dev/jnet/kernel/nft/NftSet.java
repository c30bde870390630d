package dev.jnet.kernel.nft;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An nftables set or map, named by family, table and name, with the types of its key and (for a map) its
 * data: what jnet's own netlink code needs to encode elements for it ({@link NftSetElements}).
 *
 * @param family nft's name of the table's family ({@code inet}, {@code bridge})
 * @param data empty for a set
 */
public record NftSet(String family, String table, String name, List<NftType> key, List<NftType> data) {
    public NftSet {
        NfNetlink.family(family);
        key = List.copyOf(key);
        data = List.copyOf(data);
        if (key.isEmpty() || table.isEmpty() || name.isEmpty()) {
            throw new IllegalArgumentException("an nftables set needs a table, a name and a key type");
        }
    }

    public static NftSet set(String family, String table, String name, NftType... key) {
        return new NftSet(family, table, name, List.of(key), List.of());
    }

    public static NftSet map(String family, String table, String name, List<NftType> key, List<NftType> data) {
        return new NftSet(family, table, name, key, data);
    }

    public boolean isMap() {
        return !data.isEmpty();
    }

    /** Throws {@link IllegalArgumentException} unless the element's parts have the set's types. */
    void check(NftElement element) {
        List<NftType> keyTypes = element.key().stream().map(NftValue::type).toList();
        List<NftType> dataTypes = element.data().stream().map(NftValue::type).toList();
        if (!keyTypes.equals(key) || !dataTypes.equals(data)) {
            throw new IllegalArgumentException("element " + element + " (" + types(keyTypes, dataTypes)
                    + ") does not fit " + this + " (" + types(key, data) + ")");
        }
    }

    private static String types(List<NftType> key, List<NftType> data) {
        String k = key.stream().map(NftType::toString).collect(Collectors.joining(" . "));
        return data.isEmpty() ? k : k + " : " + data.stream().map(NftType::toString).collect(Collectors.joining(" . "));
    }

    /** {@code set pinned_mac of table bridge jnet}. */
    @Override
    public String toString() {
        return (isMap() ? "map " : "set ") + name + " of table " + family + " " + table;
    }
}

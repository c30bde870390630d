package dev.jnet.kernel.nft;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One element of an nftables set (a key) or map (a key and its data), each a concatenation of typed values.
 *
 * @param key the key's parts, at least one
 * @param data the data's parts, empty for a set's element
 */
public record NftElement(List<NftValue> key, List<NftValue> data) {
    public NftElement {
        key = List.copyOf(key);
        data = List.copyOf(data);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("an nftables element needs a key");
        }
    }

    /** A set's element. */
    public static NftElement of(NftValue... key) {
        return new NftElement(List.of(key), List.of());
    }

    /** A map's element. */
    public static NftElement mapping(List<NftValue> key, List<NftValue> data) {
        return new NftElement(key, data);
    }

    /** The element in nft's syntax: {@code "veth1" . 02:42:ac:11:00:02}, {@code tcp . 8080 : 10.0.0.2 . 80}. */
    @Override
    public String toString() {
        String k = concatenation(key);
        return data.isEmpty() ? k : k + " : " + concatenation(data);
    }

    /** Just the key in nft's syntax (what a delete names). */
    public String keyText() {
        return concatenation(key);
    }

    private static String concatenation(List<NftValue> parts) {
        return parts.stream().map(NftValue::toString).collect(Collectors.joining(" . "));
    }
}

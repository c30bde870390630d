package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The maps and sets of jnet's {@code table inet jnet} with their elements, as {@code nft -j} shows them
 * inside the fake host: an observer independent of jnet. Elements are written as nft writes them,
 * {@code tcp . 8080 : 10.88.0.2 . 80}.
 *
 * @param elements each map's and set's elements, by name, in the order nft lists them
 */
record NftMaps(Map<String, List<String>> elements) {
    /** Published ports on every host address: {@code protocol . host port : address . port}. */
    static final String PORTS = "ports4";
    /** Published ports on one host address: {@code host address . protocol . host port : address . port}. */
    static final String ADDRESS_PORTS = "addrports4";
    private static final List<String> LIST_TABLE = List.of("nft", "-j", "list", "table", "inet", "jnet");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    NftMaps {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        elements.forEach((name, list) -> copy.put(name, List.copyOf(list)));
        elements = Collections.unmodifiableMap(copy);
    }

    /** jnet's table in {@code host}, read with {@code nsenter --net=HOST nft -j list table inet jnet}. */
    static NftMaps read(NetNs host, Path errors) {
        return parse(Processes.run(ThrowawayNamespaces.inside(host, LIST_TABLE), errors));
    }

    /** The maps and sets of {@code nft -j} output. */
    static NftMaps parse(String nftJson) {
        Map<String, List<String>> elements = new LinkedHashMap<>();
        for (JsonNode object : JSON.readTree(nftJson).path("nftables")) {
            JsonNode set = object.has("map") ? object.path("map") : object.path("set");
            if (set.isObject()) {
                List<String> texts = new ArrayList<>();
                set.path("elem").forEach(e -> texts.add(text(e)));
                elements.put(set.path("name").asString(), texts);
            }
        }
        return new NftMaps(elements);
    }

    /** The number of elements of {@code map}; 0 when jnet has no such map. */
    int size(String map) {
        return elements.getOrDefault(map, List.of()).size();
    }

    /** Which of {@code wanted} {@code map} lacks. */
    List<String> missing(String map, List<String> wanted) {
        Set<String> present = Set.copyOf(elements.getOrDefault(map, List.of()));
        return wanted.stream().filter(w -> !present.contains(w)).toList();
    }

    /** {@code ports4 10,000, addrports4 0, ...}: every map and set of the table with its element count. */
    String summary() {
        return elements.entrySet().stream().map(e -> "%s %,d".formatted(e.getKey(), e.getValue().size()))
                .collect(Collectors.joining(", "));
    }

    /**
     * An element as nft writes it: a key and a value joined by " : ", concatenations by " . "; other
     * objects (verdicts, prefixes) as their fields' names and values.
     */
    private static String text(JsonNode node) {
        if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            node.forEach(n -> parts.add(text(n)));
            return String.join(" : ", parts);
        }
        if (node.has("concat")) {
            List<String> parts = new ArrayList<>();
            node.path("concat").forEach(n -> parts.add(text(n)));
            return String.join(" . ", parts);
        }
        if (node.has("elem")) { // an element with a timeout, counter or comment
            return text(node.path("elem").path("val"));
        }
        if (node.isObject()) { // a verdict, {"jump": {"target": "in-br0"}}, a prefix or a range
            List<String> parts = new ArrayList<>();
            node.properties().forEach(p -> parts.add(p.getKey() + " " + text(p.getValue())));
            return String.join(" ", parts);
        }
        return node.asString();
    }
}

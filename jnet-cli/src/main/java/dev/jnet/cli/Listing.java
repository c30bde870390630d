package dev.jnet.cli;

import dev.jnet.cli.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tables of {@code network ls} and {@code sandbox ls}, made from the API's JSON objects. */
final class Listing {
    /** How many characters of an id a table shows, as docker does. */
    static final int SHORT_ID = 12;

    private Listing() {}

    static String shortId(String id) {
        return id.length() > SHORT_ID ? id.substring(0, SHORT_ID) : id;
    }

    static Table networks(List<Json> networks, boolean noTrunc) {
        Table table = new Table("NETWORK ID", "NAME", "DRIVER", "SCOPE");
        for (Json n : networks) {
            table.row(id(n, noTrunc), n.path("name").asString(), n.path("driver").asString(), n.path("scope").asString());
        }
        return table;
    }

    /** One row per sandbox: the names of its networks and its addresses, in interface order. */
    static Table sandboxes(List<Json> sandboxes, Map<String, String> networkNames, boolean noTrunc) {
        Table table = new Table("SANDBOX ID", "NAME", "NETWORKS", "ADDRESSES");
        for (Json s : sandboxes) {
            List<String> networks = new ArrayList<>();
            List<String> addresses = new ArrayList<>();
            for (Json e : s.path("endpoints")) {
                String network = e.path("network").asString();
                networks.add(networkNames.getOrDefault(network, shortId(network)));
                for (String family : List.of("ipv4", "ipv6")) {
                    String address = e.path(family).asString("");
                    if (!address.isEmpty()) {
                        addresses.add(withoutPrefix(address));
                    }
                }
            }
            table.row(id(s, noTrunc), s.path("name").asString(), String.join(",", networks), String.join(",", addresses));
        }
        return table;
    }

    /** Network id to name, for showing the networks of sandboxes by name. */
    static Map<String, String> namesById(List<Json> networks) {
        Map<String, String> names = new LinkedHashMap<>();
        networks.forEach(n -> names.put(n.path("id").asString(), n.path("name").asString()));
        return names;
    }

    static Map<String, String> labels(Json object) {
        Map<String, String> labels = new LinkedHashMap<>();
        object.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
        return labels;
    }

    static String id(Json object, boolean noTrunc) {
        String id = object.path("id").asString();
        return noTrunc ? id : shortId(id);
    }

    private static String withoutPrefix(String cidr) {
        int slash = cidr.indexOf('/');
        return slash < 0 ? cidr : cidr.substring(0, slash);
    }
}

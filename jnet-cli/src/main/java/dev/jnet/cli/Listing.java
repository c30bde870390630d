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
        Table table = new Table("SANDBOX ID", "NAME", "NETWORKS", "ADDRESSES", "PORTS");
        for (Json s : sandboxes) {
            List<String> cells = sandboxCells(s, networkNames);
            table.row(id(s, noTrunc), s.path("name").asString(), cells.get(0), cells.get(1), portsCell(s));
        }
        return table;
    }

    /** A sandbox's networks by name and its addresses without prefix, each comma-joined, in interface order. */
    private static List<String> sandboxCells(Json s, Map<String, String> networkNames) {
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
        return List.of(String.join(",", networks), String.join(",", addresses));
    }

    /** The header a {@code table} template prints for each of a network row's fields, as docker's. */
    static final Json NETWORK_HEADER = object("ID", "NETWORK ID", "Name", "NAME", "Driver", "DRIVER", "Scope", "SCOPE",
            "IPv6", "IPV6", "Internal", "INTERNAL", "Labels", "LABELS", "CreatedAt", "CREATED AT");
    /** The header a {@code table} template prints for each of a sandbox row's fields. */
    static final Json SANDBOX_HEADER = object("ID", "SANDBOX ID", "Name", "NAME", "Hostname", "HOSTNAME",
            "Networks", "NETWORKS", "Addresses", "ADDRESSES", "Ports", "PORTS", "CreatedAt", "CREATED AT",
            "Runtime", "RUNTIME");

    /** A network as {@code docker network ls --format} templates see it: {@code .ID}, {@code .Name}, ... */
    static Json networkRow(Json n, boolean noTrunc) {
        return object("ID", id(n, noTrunc), "Name", n.path("name").asString(), "Driver", n.path("driver").asString(),
                "Scope", n.path("scope").asString(), "IPv6", Boolean.toString(n.path("ipv6Enabled").asBoolean()),
                "Internal", Boolean.toString(n.path("internal").asBoolean()), "Labels", joinedLabels(n),
                "CreatedAt", goTime(n.path("created").asString()));
    }

    /** A sandbox for {@code sandbox ls --format} templates: the table's columns, and its host name and creation. */
    static Json sandboxRow(Json s, Map<String, String> networkNames, boolean noTrunc) {
        List<String> cells = sandboxCells(s, networkNames);
        return object("ID", id(s, noTrunc), "Name", s.path("name").asString(), "Hostname", s.path("hostname").asString(),
                "Networks", cells.get(0), "Addresses", cells.get(1), "Ports", portsCell(s),
                "CreatedAt", goTime(s.path("created").asString()), "Runtime", runtime(s));
    }

    /** Whose namespace the sandbox is: jnet's own, or a container runtime's ({@code docker}, {@code oci}, {@code cni}). */
    private static String runtime(Json s) {
        Json runtime = s.path("runtime");
        return runtime.isString() ? runtime.asString() : "jnet";
    }

    private static String joinedLabels(Json n) {
        List<String> pairs = new ArrayList<>();
        labels(n).forEach((k, v) -> pairs.add(k + "=" + v));
        return String.join(",", pairs);
    }

    /** {@code 2026-11-28T10:00:00.123Z} as Go prints a time: {@code 2026-11-28 10:00:00.123 +0000 UTC}. */
    static String goTime(String iso) {
        try {
            java.time.LocalDateTime t = java.time.OffsetDateTime.parse(iso).atZoneSameInstant(java.time.ZoneOffset.UTC)
                    .toLocalDateTime();
            String fraction = t.getNano() == 0 ? "" : ("." + "%09d".formatted(t.getNano())).replaceAll("0+$", "");
            return t.toLocalDate() + " " + t.toLocalTime().withNano(0).format(java.time.format.DateTimeFormatter.ISO_LOCAL_TIME)
                    + fraction + " +0000 UTC";
        } catch (java.time.format.DateTimeParseException e) {
            return iso;
        }
    }

    private static Json object(String... keysAndValues) {
        Map<String, Json> members = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            members.put(keysAndValues[i], new Json.Str(keysAndValues[i + 1]));
        }
        return new Json.Obj(members);
    }

    /** Every port binding of a sandbox's endpoints, in interface order. */
    static List<Json> ports(Json sandbox) {
        List<Json> all = new ArrayList<>();
        sandbox.path("endpoints").forEach(e -> e.path("ports").forEach(all::add));
        return all;
    }

    /** A binding's host side as docker prints it: {@code 0.0.0.0:8080}, {@code [::]:8080}. */
    static String hostAddress(Json binding) {
        String ip = binding.path("hostIp").asString("0.0.0.0");
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + binding.path("hostPort").asInt();
    }

    /** The PORTS cell, as docker ps: {@code 0.0.0.0:8080->80/tcp, 127.0.0.1:5353->53/udp}. */
    static String portsCell(Json sandbox) {
        List<String> cells = new ArrayList<>();
        for (Json binding : ports(sandbox)) {
            cells.add(hostAddress(binding) + "->" + binding.path("containerPort").asInt() + "/"
                    + binding.path("protocol").asString());
        }
        return String.join(", ", cells);
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

package dev.jnet.core.firewall;

import dev.jnet.error.JnetException;
import dev.jnet.kernel.nft.Nftables;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The base chains of other firewalls at the forward hook (families ip, ip6 and inet; never jnet's own
 * tables), read from nft's JSON: the chain list first (cheap: no rules, no set elements), then each such
 * chain with its rules and their handles.
 */
final class ForeignChains {
    /** The comment that marks a rule in another firewall's chain as jnet's. */
    static final String MARK = "jnet";
    private static final List<String> FAMILIES = List.of("ip", "ip6", "inet");
    static final JsonMapper JSON = JsonMapper.builder().build();

    private ForeignChains() {}

    /** Which way a rule lets a bridge's traffic through: coming from the bridge, or going to it. */
    enum Direction {
        IN("iifname"), OUT("oifname");

        final String key;

        Direction(String key) {
            this.key = key;
        }

        /** The rule jnet puts in a foreign chain: {@code iifname "jnet0" accept comment "jnet"}. */
        String rule(String bridge) {
            return key + " \"" + bridge + "\" accept comment \"" + MARK + "\"";
        }

        /** The same rule's statements in libnftables' JSON. */
        ArrayNode expr(String bridge) {
            ArrayNode expr = JSON.createArrayNode();
            ObjectNode match = expr.addObject().putObject("match");
            match.put("op", "==");
            match.putObject("left").putObject("meta").put("key", key);
            match.put("right", bridge);
            expr.addObject().putNull("accept");
            return expr;
        }
    }

    /** A rule that accepts everything from or to one interface: jnet's own (marked) or an administrator's. */
    record Pass(long handle, Direction direction, String bridge, boolean marked) {}

    /** The chain's last rule, which drops or rejects everything. */
    record FinalDrop(long handle, String verdict) {}

    /** A foreign base chain at the forward hook, with the rules of it that jnet cares about. */
    record Chain(String family, String table, String name, String policy, List<Pass> passes, Optional<FinalDrop> finalDrop) {
        String qualifiedTable() {
            return family + " " + table;
        }

        /** Whether what no rule accepts ends dropped: by the policy, or by a last rule that drops everything. */
        boolean drops() {
            return policy.equals("drop") || finalDrop.isPresent();
        }

        String reason() {
            if (policy.equals("drop")) {
                return "policy drop";
            }
            return finalDrop.map(d -> "its last rule " + (d.verdict().equals("drop") ? "drops" : "rejects") + " everything")
                    .orElse("policy " + policy);
        }

        /** Whether some rule lets {@code bridge}'s traffic through in {@code direction}. */
        boolean passes(String bridge, Direction direction) {
            return passes.stream().anyMatch(p -> p.bridge().equals(bridge) && p.direction() == direction);
        }

        /** A rule of this chain in libnftables' JSON: {@code {"family": ..., "table": ..., "chain": ...}}. */
        ObjectNode jsonRule() {
            ObjectNode rule = JSON.createObjectNode();
            rule.put("family", family).put("table", table).put("chain", name);
            return rule;
        }

        /** The nft command that adds jnet's rule where it works: before a final drop, else at the end. */
        String addCommand(String bridge, Direction direction) {
            String where = qualifiedTable() + " " + name + " ";
            return finalDrop.map(d -> "insert rule " + where + "position " + d.handle() + " ")
                    .orElse("add rule " + where) + direction.rule(bridge);
        }
    }

    /**
     * Every foreign forward base chain; a chain that cannot be read is skipped and named in {@code problems}.
     * {@code tables} ({@code family name}, from jnet's own netlink dump) comes first: without another table
     * of these families (most hosts) nothing else is read. libnftables' {@code list tables} would fetch every
     * set element (nft 1.0.6: 0.4 s with 40,000 of them), and parsing its {@code list chains} in JSON every
     * 2 s cost the drift watch 50 ms a check; with a foreign table the chain list follows, then only
     * foreign forward chains with their rules.
     */
    static List<Chain> scan(Nftables nft, List<String> tables, List<String> problems) {
        List<Chain> chains = new ArrayList<>();
        boolean foreignTables = tables.stream().anyMatch(t -> FAMILIES.contains(t.substring(0, t.indexOf(' ')))
                && !t.equals(NftRules.TABLE));
        if (!foreignTables) {
            return chains;
        }
        for (JsonNode item : JSON.readTree(nft.listJson("list chains")).path("nftables")) {
            JsonNode c = item.path("chain");
            String family = c.path("family").asString("");
            String table = c.path("table").asString("");
            String name = c.path("name").asString("");
            if (!c.path("hook").asString("").equals("forward") || !FAMILIES.contains(family)
                    || (family + " " + table).equals(NftRules.TABLE)) {
                continue;
            }
            ObjectNode list = JSON.createObjectNode();
            list.putArray("nftables").addObject().putObject("list").putObject("chain")
                    .put("family", family).put("table", table).put("name", name);
            try {
                chains.add(parse(JSON.readTree(nft.listJson(JSON.writeValueAsString(list)))));
            } catch (JnetException e) {
                problems.add("cannot list chain " + name + " of table " + family + " " + table + ": " + e.getMessage());
            }
        }
        return chains;
    }

    /** A {@code list chain} answer: the chain object, then its rules in order. */
    static Chain parse(JsonNode listing) {
        JsonNode chain = null;
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode item : listing.path("nftables")) {
            if (item.has("chain")) {
                chain = item.get("chain");
            } else if (item.has("rule")) {
                rules.add(item.get("rule"));
            }
        }
        if (chain == null) {
            throw new JnetException(dev.jnet.error.ErrorKind.INTERNAL, "nft listed no chain: " + listing);
        }
        List<Pass> passes = new ArrayList<>();
        for (JsonNode rule : rules) {
            pass(rule).ifPresent(passes::add);
        }
        Optional<FinalDrop> finalDrop = rules.isEmpty() ? Optional.empty() : finalDrop(rules.getLast());
        return new Chain(chain.path("family").asString(), chain.path("table").asString(), chain.path("name").asString(),
                chain.path("policy").asString("accept"), passes, finalDrop);
    }

    /** {@code iifname "X" accept} or {@code oifname "X" accept}, with or without a counter. */
    private static Optional<Pass> pass(JsonNode rule) {
        List<JsonNode> expr = statements(rule);
        if (expr.size() != 2 || !expr.get(1).has("accept")) {
            return Optional.empty();
        }
        JsonNode match = expr.getFirst().path("match");
        String key = match.path("left").path("meta").path("key").asString("");
        JsonNode right = match.path("right");
        if (!match.path("op").asString("").equals("==") || !right.isString()) {
            return Optional.empty();
        }
        for (Direction d : Direction.values()) {
            if (d.key.equals(key)) {
                return Optional.of(new Pass(rule.path("handle").asLong(), d, right.asString(),
                        rule.path("comment").asString("").equals(MARK)));
            }
        }
        return Optional.empty();
    }

    /** A rule that is only a drop or a reject (iptables-nft's {@code -j DROP} and {@code -j REJECT} too). */
    private static Optional<FinalDrop> finalDrop(JsonNode rule) {
        List<JsonNode> expr = statements(rule);
        if (expr.size() != 1) {
            return Optional.empty();
        }
        JsonNode only = expr.getFirst();
        String xt = only.path("xt").path("name").asString("");
        if (only.has("drop") || xt.equals("DROP")) {
            return Optional.of(new FinalDrop(rule.path("handle").asLong(), "drop"));
        }
        if (only.has("reject") || xt.equals("REJECT")) {
            return Optional.of(new FinalDrop(rule.path("handle").asLong(), "reject"));
        }
        return Optional.empty();
    }

    /** The rule's statements without counters and log statements, which decide nothing. */
    private static List<JsonNode> statements(JsonNode rule) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : rule.path("expr")) {
            if (!e.has("counter") && !e.has("log")) {
                out.add(e);
            }
        }
        return out;
    }
}

package dev.jnet.core.store;

import dev.jnet.core.model.DnsConfig;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.EndpointId;
import dev.jnet.core.model.ExtraHost;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.IpamSpec;
import dev.jnet.core.model.JoinRecord;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.PortBinding;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxId;
import dev.jnet.core.model.Scope;
import dev.jnet.core.model.StaticRoute;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;
import dev.jnet.net.IpFormat;
import dev.jnet.net.MacAddress;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The stored form of networks, endpoints and sandboxes: JSON written from the small records below, in
 * which every value is a string, a boolean, a list or a map. The stored format is thus declared here,
 * apart from the model, and a model change cannot alter it unnoticed. Addresses are written as Linux
 * tools print them (RFC 5952 for IPv6), CIDRs as {@code 172.18.0.2/16}, instants as ISO-8601, absent
 * optional values as {@code null}. Reading refuses unknown and missing fields, so a row written by
 * another format is an error rather than a silently different record; the exception is a field added
 * since the first format, which an older row lacks and which then gets its old meaning.
 */
final class StoreJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .build();

    private StoreJson() {}

    /** {@code poolId} since store format 3. */
    record PoolJson(String subnet, Optional<String> ipRange, Optional<String> gateway,
                    Map<String, String> auxAddresses, boolean userSubnet, boolean userGateway, Optional<String> poolId) {}

    /** {@code scope} and {@code driverData} since store format 2, {@code ipam} since format 3. */
    record NetworkJson(String id, String name, String driver, String created, List<PoolJson> ipv4,
                       List<PoolJson> ipv6, Map<String, String> options, Map<String, String> labels,
                       boolean internal, boolean attachable, boolean ipv4Enabled, boolean ipv6Enabled,
                       String scope, Map<String, String> driverData, IpamJson ipam) {}

    record IpamJson(String driver, Map<String, String> options) {}

    /** {@code joined} (null in a row migrated from format 1) and {@code host} (empty there) since format 2. */
    record EndpointJson(String id, String name, String network, String sandbox, String interfaceName,
                        Optional<String> ipv4, Optional<String> ipv6, String mac, List<String> aliases,
                        Map<String, String> driverOptions, List<PortJson> ports, JoinJson joined, String host) {}

    record JoinJson(Optional<String> ipv4Gateway, Optional<String> ipv6Gateway, List<RouteJson> routes,
                    boolean defaultRoute, Map<String, String> driverData, Optional<String> awaitingMove) {}

    record RouteJson(String destination, Optional<String> nextHop) {}

    record PortJson(String protocol, int containerPort, String hostIp, int hostPort) {}

    record DnsJson(List<String> servers, List<String> search, List<String> options) {}

    record ExtraHostJson(String name, String address) {}

    /**
     * {@code owner} is absent in rows written before sandboxes had owners, and for sandboxes without one;
     * {@code runtime} (since format 2) is null for a sandbox of jnet's own namespace.
     */
    record SandboxJson(String id, String name, String hostname, String namespace, boolean hostNetwork,
                       DnsJson dns, List<ExtraHostJson> extraHosts, String created, OwnerJson owner, RuntimeJson runtime) {}

    record RuntimeJson(String name, boolean configuresInterfaces) {}

    record OwnerJson(long pid, long startTime) {}

    static String write(Network n) {
        return MAPPER.writeValueAsString(new NetworkJson(n.id().value(), n.name(), n.driver(),
                n.created().toString(), pools(n.ipv4()), pools(n.ipv6()), n.options(), n.labels(), n.internal(),
                n.attachable(), n.ipv4Enabled(), n.ipv6Enabled(), n.scope().label(), n.driverData(),
                new IpamJson(n.ipam().driver(), n.ipam().options())));
    }

    static String write(Endpoint e) {
        return MAPPER.writeValueAsString(new EndpointJson(e.id().value(), e.name(), e.network().value(),
                e.sandbox().value(), e.interfaceName().value(), e.ipv4().map(Cidr::toString),
                e.ipv6().map(Cidr::toString), e.mac().toString(), e.aliases(), e.driverOptions(),
                map(e.ports(), p -> new PortJson(p.protocol().toString(), p.containerPort(),
                        IpFormat.format(p.hostIp()), p.hostPort())), e.joined().map(StoreJson::join).orElse(null), e.host()));
    }

    private static JoinJson join(JoinRecord r) {
        return new JoinJson(r.ipv4Gateway().map(IpFormat::format), r.ipv6Gateway().map(IpFormat::format),
                map(r.routes(), route -> new RouteJson(route.destination().toString(), route.nextHop().map(IpFormat::format))),
                r.defaultRoute(), r.driverData(), r.awaitingMove().map(IfName::value));
    }

    private static JoinRecord join(JoinJson j) {
        return new JoinRecord(j.ipv4Gateway().map(Cidr::parseAddress), j.ipv6Gateway().map(Cidr::parseAddress),
                map(j.routes(), r -> new StaticRoute(Cidr.parse(r.destination()), r.nextHop().map(Cidr::parseAddress))),
                j.defaultRoute(), j.driverData(), j.awaitingMove().map(IfName::new));
    }

    static String write(Sandbox s) {
        DnsConfig dns = s.dns();
        return MAPPER.writeValueAsString(new SandboxJson(s.id().value(), s.name(), s.hostname(),
                s.namespace().toString(), s.hostNetwork(),
                new DnsJson(map(dns.servers(), IpFormat::format), dns.search(), dns.options()),
                map(s.extraHosts(), h -> new ExtraHostJson(h.name(), IpFormat.format(h.address()))),
                s.created().toString(), s.owner().map(o -> new OwnerJson(o.pid(), o.startTime())).orElse(null),
                s.runtime().map(r -> new RuntimeJson(r.name(), r.configuresInterfaces())).orElse(null)));
    }

    /** Reads a network; any malformed or invalid content is a runtime exception saying what is wrong. */
    static Network readNetwork(String json) {
        NetworkJson n = MAPPER.treeToValue(upgradeNetwork(MAPPER.readTree(json)), NetworkJson.class);
        return new Network(new NetworkId(n.id()), n.name(), n.driver(), Instant.parse(n.created()),
                map(n.ipv4(), StoreJson::pool), map(n.ipv6(), StoreJson::pool), n.options(), n.labels(),
                n.internal(), n.attachable(), n.ipv4Enabled(), n.ipv6Enabled(), Scope.parse(n.scope()), n.driverData(),
                new IpamSpec(n.ipam().driver(), n.ipam().options()));
    }

    static Endpoint readEndpoint(String json) {
        EndpointJson e = readCurrent(json);
        return new Endpoint(new EndpointId(e.id()), e.name(), new NetworkId(e.network()),
                new SandboxId(e.sandbox()), new IfName(e.interfaceName()), e.ipv4().map(Cidr::parse),
                e.ipv6().map(Cidr::parse), MacAddress.parse(e.mac()), e.aliases(), e.driverOptions(),
                map(e.ports(), p -> new PortBinding(PortBinding.Protocol.parse(p.protocol()), p.containerPort(),
                        Cidr.parseAddress(p.hostIp()), p.hostPort())), Optional.ofNullable(e.joined()).map(StoreJson::join),
                e.host());
    }

    static Sandbox readSandbox(String json) {
        JsonNode tree = MAPPER.readTree(json);
        if (tree instanceof ObjectNode row && !row.has("owner")) {
            row.putNull("owner"); // a row written before sandboxes had owners: it has none
        }
        if (tree instanceof ObjectNode row && !row.has("runtime")) {
            row.putNull("runtime"); // a row written before runtimes' namespaces: jnet's own
        }
        SandboxJson s = MAPPER.treeToValue(tree, SandboxJson.class);
        DnsJson dns = s.dns();
        return new Sandbox(new SandboxId(s.id()), s.name(), s.hostname(), Path.of(s.namespace()), s.hostNetwork(),
                new DnsConfig(map(dns.servers(), Cidr::parseAddress), dns.search(), dns.options()),
                map(s.extraHosts(), h -> new ExtraHost(h.name(), Cidr.parseAddress(h.address()))),
                Instant.parse(s.created()),
                java.util.Optional.ofNullable(s.owner()).map(o -> new dev.jnet.core.model.SandboxOwner(o.pid(), o.startTime())),
                java.util.Optional.ofNullable(s.runtime()).map(r -> new dev.jnet.core.model.SandboxRuntime(r.name(),
                        r.configuresInterfaces())));
    }

    /**
     * Fields added since the first format get their old meaning when a row lacks them: no published ports;
     * pools whose parts the user gave (what every pool showed and allowed before), of jnet's own IPAM.
     */
    private static JsonNode upgradeNetwork(JsonNode network) {
        for (String family : List.of("ipv4", "ipv6")) {
            for (JsonNode pool : network.path(family)) {
                if (pool instanceof ObjectNode p && !p.has("userSubnet")) {
                    p.put("userSubnet", true);
                    p.put("userGateway", true);
                }
                if (pool instanceof ObjectNode p && !p.has("poolId")) {
                    p.putNull("poolId"); // jnet's own IPAM's, which has no pool ids
                }
            }
        }
        return network;
    }

    /**
     * Straight to the record, and through a tree only for a row that needs upgrading: a tree for every
     * row made reading 10,000 endpoints at start-up take twice the time.
     */
    private static EndpointJson readCurrent(String json) {
        if (json.contains("\"ports\"")) {
            try {
                return MAPPER.readValue(json, EndpointJson.class);
            } catch (tools.jackson.databind.exc.MismatchedInputException e) {
                // "ports" was some other key or value of an old row: upgrade it below
            }
        }
        return MAPPER.treeToValue(upgradeEndpoint(MAPPER.readTree(json)), EndpointJson.class);
    }

    private static JsonNode upgradeEndpoint(JsonNode endpoint) {
        if (endpoint instanceof ObjectNode e && !e.has("ports")) {
            e.putArray("ports");
        }
        return endpoint;
    }

    private static List<PoolJson> pools(List<IpamPool> pools) {
        return map(pools, p -> new PoolJson(p.subnet().toString(), p.ipRange().map(Cidr::toString),
                p.gateway().map(IpFormat::format), mapValues(p.auxAddresses(), IpFormat::format), p.userSubnet(),
                p.userGateway(), p.poolId()));
    }

    private static IpamPool pool(PoolJson p) {
        return new IpamPool(Cidr.parse(p.subnet()), p.ipRange().map(Cidr::parse),
                p.gateway().map(Cidr::parseAddress), mapValues(p.auxAddresses(), Cidr::parseAddress), p.userSubnet(),
                p.userGateway(), p.poolId());
    }

    private static <A, B> List<B> map(List<A> list, Function<A, B> f) {
        return list.stream().map(f).toList();
    }

    private static <A, B> Map<String, B> mapValues(Map<String, A> map, Function<A, B> f) {
        return map.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> f.apply(e.getValue())));
    }
}

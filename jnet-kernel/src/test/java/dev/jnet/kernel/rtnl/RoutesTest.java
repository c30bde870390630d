package dev.jnet.kernel.rtnl;

import dev.jnet.error.ErrorKind;
import dev.jnet.kernel.KernelException;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;
import dev.jnet.net.IpFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Routes written through jnet, checked against {@code ip -j route show table all}. Each test starts from a
 * veth {@code a0} that is up with 192.0.2.10/24 and 2001:db8::10/64, so that gateways in those subnets are
 * reachable.
 */
@ExtendWith(NetnsExtension.class)
class RoutesTest {
    private static final IfName A0 = IfName.of("a0");
    private static final int TABLE = 100;

    private static InetAddress ip(String literal) {
        return Cidr.parseAddress(literal);
    }

    private static Routes connected(ThrowawayNs ns) {
        RtNetlink rtnl = ns.rtnl();
        rtnl.links().create(new LinkSpec.Veth(A0, IfName.of("a1")).withOptions(
                LinkOptions.DEFAULTS.withUp(true), LinkOptions.DEFAULTS.withUp(true)));
        rtnl.addresses().add(A0, Cidr.parse("192.0.2.10/24"));
        rtnl.addresses().add(A0, Cidr.parse("2001:db8::10/64"));
        return rtnl.routes();
    }

    /** The observer's unicast routes of one family ({@code -4} or {@code -6}), one line each. */
    private static List<String> observed(ThrowawayNs ns, String family) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : ns.json("ip", family, "-j", "route", "show", "table", "all")) {
            if (r.path("type").asString("unicast").equals("unicast")) {
                out.add(line(r.path("dst").asString(), r.path("gateway").asString(""), r.path("dev").asString(),
                        r.path("table").asString("main"), r.path("metric").asInt(0)));
            }
        }
        return out;
    }

    /** What jnet lists in the given tables, in the observer's words. */
    private static List<String> listed(ThrowawayNs ns, boolean ipv4, int... tables) {
        List<String> out = new ArrayList<>();
        for (int table : tables) {
            for (Route r : ns.rtnl().routes().list(ipv4, table)) {
                String dev = ns.rtnl().links().find(r.outputIndex()).map(l -> l.name().value()).orElse("?");
                out.add(line(r.isDefault() ? "default" : r.destination().toString(),
                        r.gateway().map(IpFormat::format).orElse(""), dev,
                        r.table() == Route.TABLE_MAIN ? "main" : String.valueOf(r.table()), r.metric()));
            }
        }
        return out;
    }

    private static String line(String dst, String gateway, String dev, String table, int metric) {
        return dst + (gateway.isEmpty() ? "" : " via " + gateway) + " dev " + dev + " table " + table + " metric " + metric;
    }

    @Test
    void addsADefaultRouteAndAStaticRouteThroughGatewaysOnTheConnectedSubnet(ThrowawayNs ns) {
        Routes routes = connected(ns);
        routes.add(Route.defaultVia(ip("192.0.2.1")));
        routes.add(Route.via(Cidr.parse("198.51.100.0/24"), ip("192.0.2.2")));

        assertThat(observed(ns, "-4")).contains(
                "default via 192.0.2.1 dev a0 table main metric 0",
                "198.51.100.0/24 via 192.0.2.2 dev a0 table main metric 0");
        assertThat(listed(ns, true, Route.TABLE_MAIN)).containsExactlyInAnyOrderElementsOf(
                observed(ns, "-4").stream().filter(l -> l.contains("table main")).toList());
        int a0 = ns.rtnl().links().indexOf(A0);
        assertThat(routes.list(true)).contains(
                new Route(Cidr.parse("0.0.0.0/0"), Optional.of(ip("192.0.2.1")), a0, Route.TABLE_MAIN, 0, Optional.empty()));
    }

    @Test
    void theDestinationIsStoredAsItsNetwork(ThrowawayNs ns) {
        Routes routes = connected(ns);
        routes.add(Route.via(Cidr.parse("198.51.100.77/24"), ip("192.0.2.1")));

        assertThat(observed(ns, "-4")).contains("198.51.100.0/24 via 192.0.2.1 dev a0 table main metric 0");
        assertThat(routes.list(true)).extracting(r -> r.destination().toString()).contains("198.51.100.0/24");
    }

    @Test
    void addsAnOnLinkRouteThroughAnInterface(ThrowawayNs ns) {
        Routes routes = connected(ns);
        int a0 = ns.rtnl().links().indexOf(A0);
        routes.add(Route.onLink(Cidr.parse("198.51.100.128/25"), a0));

        JsonNode route = ns.json("ip", "-4", "-j", "route", "show", "198.51.100.128/25").get(0);
        assertThat(route.path("dev").asString()).isEqualTo("a0");
        assertThat(route.path("scope").asString()).isEqualTo("link");
        assertThat(route.has("gateway")).isFalse();
        assertThat(routes.list(true)).contains(Route.onLink(Cidr.parse("198.51.100.128/25"), a0));
    }

    @Test
    void addsARouteWithAPreferredSource(ThrowawayNs ns) {
        Routes routes = connected(ns);
        routes.add(new Route(Cidr.parse("198.51.100.0/24"), Optional.of(ip("192.0.2.1")), 0, Route.TABLE_MAIN, 0,
                Optional.of(ip("192.0.2.10"))));

        JsonNode route = ns.json("ip", "-4", "-j", "route", "show", "198.51.100.0/24").get(0);
        assertThat(route.path("prefsrc").asString()).isEqualTo("192.0.2.10");
        assertThat(routes.list(true)).filteredOn(r -> r.destination().equals(Cidr.parse("198.51.100.0/24")))
                .singleElement().extracting(Route::source).isEqualTo(Optional.of(ip("192.0.2.10")));
    }

    @Test
    void addsRoutesInOtherTablesWithAMetricAndListsThemOnlyThere(ThrowawayNs ns) {
        Routes routes = connected(ns);
        routes.add(Route.via(Cidr.parse("198.51.100.0/24"), ip("192.0.2.2")).withTable(TABLE).withMetric(50));
        routes.add(Route.defaultVia(ip("192.0.2.3")).withTable(1000).withMetric(7));

        assertThat(observed(ns, "-4")).contains(
                "198.51.100.0/24 via 192.0.2.2 dev a0 table 100 metric 50",
                "default via 192.0.2.3 dev a0 table 1000 metric 7");
        assertThat(listed(ns, true, TABLE)).containsExactly("198.51.100.0/24 via 192.0.2.2 dev a0 table 100 metric 50");
        assertThat(listed(ns, true, 1000)).containsExactly("default via 192.0.2.3 dev a0 table 1000 metric 7");
        assertThat(listed(ns, true, Route.TABLE_MAIN)).noneMatch(l -> l.contains("198.51.100.0") || l.contains("default"));

        routes.delete(Route.via(Cidr.parse("198.51.100.0/24"), ip("192.0.2.2")).withTable(TABLE).withMetric(50));
        assertThat(routes.list(true, TABLE)).isEmpty();
        assertThat(observed(ns, "-4")).noneMatch(l -> l.contains(" table 100 "));
    }

    @Test
    void routesToOneDestinationWithDifferentMetricsLiveSideBySideAndAreDeletedOneByOne(ThrowawayNs ns) {
        Routes routes = connected(ns);
        Route cheap = Route.via(Cidr.parse("198.51.100.0/24"), ip("192.0.2.1")).withMetric(100);
        Route dear = Route.via(Cidr.parse("198.51.100.0/24"), ip("192.0.2.2")).withMetric(200);
        routes.add(cheap);
        routes.add(dear);
        assertThat(observed(ns, "-4")).contains("198.51.100.0/24 via 192.0.2.1 dev a0 table main metric 100",
                "198.51.100.0/24 via 192.0.2.2 dev a0 table main metric 200");

        routes.delete(dear);
        assertThat(observed(ns, "-4")).filteredOn(l -> l.startsWith("198.51.100.0/24"))
                .containsExactly("198.51.100.0/24 via 192.0.2.1 dev a0 table main metric 100");
    }

    @Test
    void addsIpv6DefaultStaticAndOnLinkRoutesThatTheObserverSees(ThrowawayNs ns) {
        Routes routes = connected(ns);
        int a0 = ns.rtnl().links().indexOf(A0);
        routes.add(Route.defaultVia(ip("2001:db8::1")));
        routes.add(Route.via(Cidr.parse("2001:db8:1::/48"), ip("2001:db8::2")).withMetric(10));
        routes.add(Route.onLink(Cidr.parse("2001:db8:2::/64"), a0));
        routes.add(Route.via(Cidr.parse("2001:db8:3::/64"), ip("2001:db8::3")).withTable(TABLE));

        assertThat(observed(ns, "-6")).contains(
                "default via 2001:db8::1 dev a0 table main metric 1024",
                "2001:db8:1::/48 via 2001:db8::2 dev a0 table main metric 10",
                "2001:db8:2::/64 dev a0 table main metric 1024",
                "2001:db8:3::/64 via 2001:db8::3 dev a0 table 100 metric 1024");
        assertThat(listed(ns, false, Route.TABLE_MAIN, TABLE)).containsExactlyInAnyOrderElementsOf(
                observed(ns, "-6").stream().filter(l -> l.contains("table main") || l.contains("table 100")).toList());
        assertThat(listed(ns, true, Route.TABLE_MAIN)).noneMatch(l -> l.contains(":"));
    }

    @Test
    void deletesIpv4AndIpv6Routes(ThrowawayNs ns) {
        Routes routes = connected(ns);
        Route v4 = Route.via(Cidr.parse("198.51.100.0/24"), ip("192.0.2.1"));
        Route v6 = Route.via(Cidr.parse("2001:db8:1::/48"), ip("2001:db8::1"));
        Route v4Default = Route.defaultVia(ip("192.0.2.1"));
        Route v6Default = Route.defaultVia(ip("2001:db8::1"));
        for (Route r : List.of(v4, v6, v4Default, v6Default)) {
            routes.add(r);
        }
        for (Route r : List.of(v4, v6, v4Default, v6Default)) {
            routes.delete(r);
        }

        assertThat(observed(ns, "-4")).noneMatch(l -> l.contains(" via "));
        assertThat(observed(ns, "-6")).noneMatch(l -> l.contains(" via "));
        assertThat(routes.list(true)).allMatch(r -> r.gateway().isEmpty());
        assertThat(routes.list(false)).allMatch(r -> r.gateway().isEmpty());
    }

    @Test
    void replaceAddsAMissingRouteAndThenSwapsItsGateway(ThrowawayNs ns) {
        Routes routes = connected(ns);
        routes.replace(Route.defaultVia(ip("192.0.2.1")));
        assertThat(observed(ns, "-4")).contains("default via 192.0.2.1 dev a0 table main metric 0");

        routes.replace(Route.defaultVia(ip("192.0.2.254")));
        assertThat(observed(ns, "-4")).filteredOn(l -> l.startsWith("default"))
                .containsExactly("default via 192.0.2.254 dev a0 table main metric 0");

        routes.replace(Route.defaultVia(ip("2001:db8::1")));
        routes.replace(Route.defaultVia(ip("2001:db8::fe")));
        assertThat(observed(ns, "-6")).filteredOn(l -> l.startsWith("default"))
                .containsExactly("default via 2001:db8::fe dev a0 table main metric 1024");
        assertThat(routes.list(false)).filteredOn(Route::isDefault).extracting(r -> r.gateway().orElseThrow())
                .containsExactly(ip("2001:db8::fe"));
    }

    @Test
    void addingTheSameRouteTwiceIsAConflict(ThrowawayNs ns) {
        Routes routes = connected(ns);
        for (Route route : List.of(Route.via(Cidr.parse("198.51.100.0/24"), ip("192.0.2.1")),
                Route.via(Cidr.parse("2001:db8:1::/48"), ip("2001:db8::1")))) {
            routes.add(route);
            assertThatThrownBy(() -> routes.add(route))
                    .isInstanceOfSatisfying(KernelException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
                        assertThat(e.getMessage()).contains("add route " + route.destination()).contains("EEXIST");
                    });
        }
        assertThat(observed(ns, "-4")).filteredOn(l -> l.startsWith("198.51.100.0/24")).hasSize(1);
        assertThat(observed(ns, "-6")).filteredOn(l -> l.startsWith("2001:db8:1::/48")).hasSize(1);
    }

    @Test
    void deletingAMissingRouteIsNotFound(ThrowawayNs ns) {
        Routes routes = connected(ns);
        for (Route route : List.of(Route.via(Cidr.parse("198.51.100.0/24"), ip("192.0.2.1")),
                Route.via(Cidr.parse("2001:db8:1::/48"), ip("2001:db8::1")),
                Route.defaultVia(ip("192.0.2.1")).withTable(TABLE))) {
            assertThatThrownBy(() -> routes.delete(route))
                    .isInstanceOfSatisfying(KernelException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
                        assertThat(e.getMessage()).contains("delete route").contains("ESRCH");
                    });
        }
    }

    @Test
    void routesOthersWroteWithMetricsOrTablesBeyondJnetsRangeDoNotBreakListing(ThrowawayNs ns) {
        Routes routes = connected(ns);
        routes.add(Route.via(Cidr.parse("198.51.100.0/25"), ip("192.0.2.1")));
        ns.exec("ip", "route", "add", "198.51.100.128/25", "via", "192.0.2.1", "metric", "4294967295")
                .orFail(List.of("ip route add ... metric 4294967295"));
        ns.exec("ip", "route", "add", "default", "via", "192.0.2.1", "table", "4294967294")
                .orFail(List.of("ip route add ... table 4294967294"));

        assertThat(routes.list(true)).extracting(r -> r.destination().toString()).containsExactlyInAnyOrder(
                "192.0.2.0/24", "198.51.100.0/25");
        assertThat(routes.list(true, 100)).isEmpty();
    }

    @Test
    void aGatewayOutsideEveryConnectedSubnetIsRefusedAndNothingIsAdded(ThrowawayNs ns) {
        Routes routes = connected(ns);
        assertThatThrownBy(() -> routes.add(Route.via(Cidr.parse("198.51.100.0/24"), ip("198.51.100.1"))))
                .isInstanceOf(KernelException.class).hasMessageContaining("add route 198.51.100.0/24 via 198.51.100.1");
        assertThat(observed(ns, "-4")).noneMatch(l -> l.startsWith("198.51.100.0/24"));
    }
}

package dev.jnet.core.controller;

import dev.jnet.core.driver.Driver;
import dev.jnet.core.driver.JoinRequest;
import dev.jnet.core.driver.JoinResult;
import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.JoinRecord;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.core.model.StaticRoute;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox gets the routes a join record asks for: static routes through a next hop, and a route to
 * {@code 0.0.0.0/0} onto the link (a routed ipvlan's) that counts as a default route, so that it neither
 * collides with another network's default nor is lost when that one leaves. The bridge driver plays such a
 * driver here: its joins on network {@code routed} record those routes instead of a gateway.
 */
@ExtendWith(NetnsExtension.class)
class JoinRecordRoutesTest {
    private static final JoinRecord ROUTED = JoinRecord.NONE.withRoutes(List.of(
            StaticRoute.connected(Cidr.parse("0.0.0.0/0")),
            new StaticRoute(Cidr.parse("198.18.0.0/15"), Optional.of(Cidr.parseAddress("10.42.0.1")))));

    /** {@code inner}, except that joins on network {@code routed} return {@link #ROUTED} as their record. */
    static Driver routedOnNetworkRouted(Driver inner) {
        return (Driver) Proxy.newProxyInstance(Driver.class.getClassLoader(), new Class<?>[] {Driver.class}, (proxy, m, args) -> {
            try {
                Object answer = m.invoke(inner, args);
                if (m.getName().equals("join") && ((JoinRequest) args[0]).network().name().equals("routed")) {
                    JoinResult r = (JoinResult) answer;
                    return new JoinResult(r.interfaces(), ROUTED, r.ipv4(), r.ipv6(), r.ports());
                }
                return answer;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private static String routes(Sandbox s) {
        return Command.check("nsenter", "--net=" + s.namespace(), "ip", "-4", "route", "show");
    }

    @Test
    void aConnectedDefaultRouteWaitsForTheDefaultOfAnotherNetworkToGoAndStaticRoutesGoIn(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns, JoinRecordRoutesTest::routedOnNetworkRouted)) {
            Controller c = host.controller();
            c.createNetwork(PublishedPortsTest.network("one", "10.41.0.0/24"));
            c.createNetwork(PublishedPortsTest.network("routed", "10.42.0.0/24"));
            Sandbox s = c.createSandbox(SandboxSpec.named("s"));
            c.connect("one", "s", ConnectSpec.DEFAULT);
            c.connect("routed", "s", ConnectSpec.DEFAULT);

            assertThat(routes(s)).contains("default via 10.41.0.1 dev eth0").doesNotContain("default dev eth1")
                    .contains("198.18.0.0/15 via 10.42.0.1 dev eth1");
            c.disconnect("one", "s", false);
            assertThat(routes(s)).as("the stored record of eth1 gives the default now").contains("default dev eth1");
        }
    }
}

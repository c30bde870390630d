package dev.jnet.core.controller;

import dev.jnet.core.driver.Attachment;
import dev.jnet.core.driver.Driver;
import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.EndpointId;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up's join check, which asks a driver about all endpoints at once ({@link Driver#joined}) with
 * one list of the host's links: it finds the same damage {@link Driver#isJoined} finds one by one, and a
 * restart repairs it (real packets flow again).
 */
@ExtendWith(NetnsExtension.class)
class StartupJoinCheckTest {
    private static String bridge(Network n) {
        return "br-" + n.id().shortId();
    }

    private static String veth(Endpoint e) {
        return "veth" + e.id().value().substring(0, 7);
    }

    private static NetNs namespaceOf(Sandbox s) {
        return new NetNs(s.id().shortId(), s.namespace());
    }

    @Test
    void theBatchCheckFindsWhatIsJoinedFindsAndARestartRejoinsIt(ThrowawayNs hostNs) {
        AtomicReference<Driver> bridgeDriver = new AtomicReference<>();
        try (FakeHost host = FakeHost.withoutDriftRepair(hostNs, d -> {
            if (d.name().equals("bridge")) {
                bridgeDriver.set(d);
            }
            return d;
        })) {
            Controller c = host.controller();
            Network web = c.createNetwork(NetworkSpec.named("web"));
            Network db = c.createNetwork(NetworkSpec.named("db"));
            Map<String, Sandbox> sandboxes = List.of("intact", "deleted", "detached", "moved", "web2").stream()
                    .collect(Collectors.toMap(Function.identity(), name -> c.createSandbox(SandboxSpec.named(name))));
            Map<String, Endpoint> endpoints = sandboxes.keySet().stream().collect(Collectors.toMap(Function.identity(),
                    name -> c.connect("web", name, ConnectSpec.DEFAULT)));
            Endpoint onDb = c.connect("db", "web2", ConnectSpec.DEFAULT);

            hostNs.exec("ip", "link", "del", veth(endpoints.get("deleted"))).orFail(List.of("ip link del"));
            hostNs.exec("ip", "link", "set", veth(endpoints.get("detached")), "nomaster").orFail(List.of("nomaster"));
            hostNs.exec("ip", "link", "set", veth(endpoints.get("moved")), "master", bridge(db)).orFail(List.of("master"));
            hostNs.exec("ip", "link", "set", bridge(db), "alias", "not jnet's").orFail(List.of("alias"));

            Driver driver = bridgeDriver.get();
            List<Attachment> attachments = new java.util.ArrayList<>();
            endpoints.forEach((name, e) -> attachments.add(new Attachment(web, e, namespaceOf(sandboxes.get(name)))));
            attachments.add(new Attachment(db, onDb, namespaceOf(sandboxes.get("web2"))));
            List<EndpointId> oneByOne = attachments.stream()
                    .filter(a -> driver.isJoined(a.network(), a.endpoint(), a.sandbox())).map(a -> a.endpoint().id()).toList();
            assertThat(driver.joined(attachments, host.kernel.host().links().list()))
                    .as("the batch check agrees with isJoined")
                    .containsExactlyInAnyOrderElementsOf(oneByOne)
                    .containsExactlyInAnyOrder(endpoints.get("intact").id(), endpoints.get("web2").id());
            hostNs.exec("ip", "link", "set", bridge(db), "alias", "jnet:network:" + db.id()).orFail(List.of("alias"));

            Controller restarted = host.start();
            assertThat(restarted.startupReport().endpointsRejoined()).as("deleted, detached and moved").isEqualTo(3);
            Sandbox intact = sandboxes.get("intact");
            for (String name : List.of("deleted", "detached", "moved")) {
                assertThat(hostNs.ipLink(veth(endpoints.get(name))).path("master").asString(""))
                        .as(name + "'s veth is back on its bridge").isEqualTo(bridge(web));
                assertThat(Traffic.connects(intact, sandboxes.get(name), endpoints.get(name).ipv4().orElseThrow().address()))
                        .as("traffic to " + name + " flows again").isTrue();
            }
            assertThat(restarted.reconcile().changedNothing()).as("a second pass finds nothing to do").isTrue();
        }
    }

    @Test
    void aSandboxWhoseNamespaceFileWasRemovedWhileItLivedOnIsJoinedInItsNewNamespace(ThrowawayNs hostNs) throws Exception {
        try (FakeHost host = FakeHost.withoutDriftRepair(hostNs)) {
            Controller c = host.controller();
            Network web = c.createNetwork(NetworkSpec.named("web"));
            Sandbox a = c.createSandbox(SandboxSpec.named("a"));
            Sandbox b = c.createSandbox(SandboxSpec.named("b"));
            c.connect("web", "a", ConnectSpec.DEFAULT);
            Endpoint eb = c.connect("web", "b", ConnectSpec.DEFAULT);
            // A process keeps b's old namespace, and so its veth, alive after the file is gone.
            Process holder = new ProcessBuilder("nsenter", "--net=" + b.namespace(), "sh", "-c", "echo entered; exec sleep 120")
                    .redirectErrorStream(true).start();
            try {
                assertThat(holder.inputReader().readLine()).isEqualTo("entered");
                Command.check("umount", b.namespace().toString());
                Command.check("rm", b.namespace().toString());
                assertThat(hostNs.ipLinkNames()).as("the old veth lives on").contains(veth(eb));

                Controller restarted = host.start();
                assertThat(restarted.startupReport().namespacesRecreated()).isEqualTo(1);
                assertThat(restarted.startupReport().endpointsRejoined()).isEqualTo(1);
                assertThat(Traffic.connects(a, b, eb.ipv4().orElseThrow().address())).as("b is reachable in its new namespace").isTrue();
                assertThat(hostNs.ipLink(veth(eb)).path("master").asString("")).isEqualTo(bridge(web));
            } finally {
                holder.destroyForcibly();
                holder.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}

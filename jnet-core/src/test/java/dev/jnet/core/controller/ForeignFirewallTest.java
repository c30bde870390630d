package dev.jnet.core.controller;

import dev.jnet.core.firewall.ForeignDrop;
import dev.jnet.core.firewall.ForeignFirewallMode;
import dev.jnet.core.firewall.ForeignFirewallReport;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.jnet.core.controller.OutsideWorld.HOST;
import static dev.jnet.core.controller.OutsideWorld.OUTSIDE;
import static dev.jnet.core.controller.PublishedPortsTest.publish;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * jnet next to another firewall's forward drop (Docker's iptables {@code FORWARD} chain with policy drop,
 * firewalld's final reject, legacy iptables), with real packets from a sandbox to an outside namespace and
 * back through a published port.
 */
@ExtendWith(NetnsExtension.class)
class ForeignFirewallTest {
    private static final String WEB = "web0";

    /** What Docker 20.10-27 leaves in the filter table through iptables-nft, plus one rule of the administrator. */
    private static void dockerIptablesNft(ThrowawayNs host, boolean withUserChain) {
        List<List<String>> commands = new ArrayList<>();
        if (withUserChain) {
            commands.add(List.of("-N", "DOCKER-USER"));
            commands.add(List.of("-A", "DOCKER-USER", "-d", "198.51.100.2", "-p", "tcp", "--dport", "4001", "-j", "DROP"));
            commands.add(List.of("-A", "DOCKER-USER", "-j", "RETURN"));
            commands.add(List.of("-A", "FORWARD", "-j", "DOCKER-USER"));
        }
        commands.add(List.of("-P", "FORWARD", "DROP"));
        commands.add(List.of("-A", "FORWARD", "-o", "docker0", "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"));
        commands.add(List.of("-A", "FORWARD", "-i", "docker0", "!", "-o", "docker0", "-j", "ACCEPT"));
        for (List<String> c : commands) {
            List<String> full = new ArrayList<>(List.of("iptables-nft"));
            full.addAll(c);
            host.exec(full.toArray(String[]::new)).orFail(full);
        }
    }

    /** firewalld's forward chain, reduced to what matters: it rejects whatever it has not accepted. */
    private static void firewalld(ThrowawayNs host) {
        host.exec("nft", """
                add table inet firewalld
                add chain inet firewalld filter_FORWARD { type filter hook forward priority filter + 10; policy accept; }
                add rule inet firewalld filter_FORWARD ct state { established, related } accept
                add rule inet firewalld filter_FORWARD iifname "lo" accept
                add rule inet firewalld filter_FORWARD ct state invalid drop
                add rule inet firewalld filter_FORWARD reject with icmpx admin-prohibited
                """).orFail(List.of("nft add table inet firewalld"));
    }

    private static Controller startWithWebServer(FakeHost host) {
        Controller c = host.controller();
        c.createNetwork(NetworkSpec.named("web").withIpv4(List.of(dev.jnet.core.model.PoolRequest.subnet(
                dev.jnet.net.Cidr.parse("10.10.0.0/24")))).withOptions(Map.of("com.docker.network.bridge.name", WEB)));
        c.createSandbox(SandboxSpec.named("s"));
        c.connect("web", "s", publish("8080:80"));
        return c;
    }

    private static NetNs box(Controller c) {
        return Traffic.ns(c.sandbox("s"));
    }

    /** Every rule of a chain, as nft's JSON lists it (handles included), with its counter zeroed. */
    private static List<JsonNode> rules(ThrowawayNs host, String family, String table, String chain) {
        List<JsonNode> rules = new ArrayList<>();
        host.json("nft", "-j", "list", "chain", family, table, chain).path("nftables").forEach(n -> {
            if (n.has("rule")) {
                n.get("rule").path("expr").forEach(e -> {
                    if (e.has("counter")) {
                        ((tools.jackson.databind.node.ObjectNode) e).putObject("counter");
                    }
                });
                rules.add(n.get("rule"));
            }
        });
        return rules;
    }

    /** The rules marked as jnet's, as "iifname web0" / "oifname web0", in chain order. */
    private static List<String> jnetRules(ThrowawayNs host, String family, String table, String chain) {
        return rules(host, family, table, chain).stream().filter(r -> r.path("comment").asString("").equals("jnet"))
                .map(r -> {
                    JsonNode match = r.path("expr").get(0).path("match");
                    assertThat(r.path("expr").get(1).has("accept")).as("jnet's rule accepts").isTrue();
                    return match.path("left").path("meta").path("key").asString() + " " + match.path("right").asString();
                }).toList();
    }

    private static List<JsonNode> othersRules(ThrowawayNs host, String family, String table, String chain) {
        return rules(host, family, table, chain).stream().filter(r -> !r.path("comment").asString("").equals("jnet")).toList();
    }

    @Test
    void dockersForwardDropLeavesSandboxesWithoutEgressOrPublishedPortsWhenJnetLeavesIt(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        dockerIptablesNft(hostNs, true);
        try (FakeHost host = new FakeHost(hostNs, ForeignFirewallMode.LEAVE)) {
            Controller c = startWithWebServer(host);
            NetNs box = box(c);

            assertThat(Wire.tcp(box, outside.ns(), 4000, OUTSIDE, 4000)).as("egress").isEmpty();
            assertThat(Wire.tcp(outside.ns(), box, 80, HOST, 8080)).as("published port").isEmpty();
            assertThat(jnetRules(hostNs, "ip", "filter", "FORWARD")).as("nothing inserted").isEmpty();

            ForeignFirewallReport report = host.foreign().inspect();
            assertThat(report.mode()).isEqualTo(ForeignFirewallMode.LEAVE);
            ForeignDrop drop = report.blocking().stream().filter(d -> d.chain().equals("FORWARD")).findFirst().orElseThrow();
            assertThat(drop.table()).isEqualTo("ip filter");
            assertThat(drop.reason()).isEqualTo("policy drop");
            assertThat(drop.blocked()).containsExactly("jnet0", WEB);
            assertThat(drop.fix()).contains("nft 'add rule ip filter FORWARD iifname \"web0\" accept comment \"jnet\"'",
                    "nft 'add rule ip filter FORWARD oifname \"web0\" accept comment \"jnet\"'");
            assertThat(drop.describe()).contains("table ip filter chain FORWARD (policy drop) drops the forwarded traffic of jnet0, web0");

            for (String fix : drop.fix()) {
                hostNs.exec("sh", "-c", fix).orFail(List.of(fix));
            }
            assertThat(Wire.tcp(box, outside.ns(), 4000, OUTSIDE, 4000)).as("egress after the printed fix").isPresent();
            assertThat(host.foreign().inspect().blocking()).as("nothing blocked after the fix").isEmpty();
        }
    }

    @Test
    void byDefaultJnetLetsItsBridgesThroughDockersForwardDropAfterDockersAndTheAdministratorsRules(ThrowawayNs hostNs,
                                                                                                   ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        dockerIptablesNft(hostNs, true);
        List<JsonNode> forwardBefore = rules(hostNs, "ip", "filter", "FORWARD");
        List<JsonNode> userBefore = rules(hostNs, "ip", "filter", "DOCKER-USER");
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = startWithWebServer(host);
            NetNs box = box(c);

            assertThat(Wire.tcp(box, outside.ns(), 4000, OUTSIDE, 4000)).as("egress").contains("198.51.100.1");
            assertThat(Wire.tcp(outside.ns(), box, 80, HOST, 8080)).as("published port").contains("198.51.100.2");
            assertThat(Wire.tcp(box, outside.ns(), 4001, OUTSIDE, 4001)).as("the administrator's DOCKER-USER drop still applies")
                    .isEmpty();

            assertThat(jnetRules(hostNs, "ip", "filter", "FORWARD"))
                    .containsExactly("iifname jnet0", "oifname jnet0", "iifname web0", "oifname web0");
            List<JsonNode> forward = rules(hostNs, "ip", "filter", "FORWARD");
            assertThat(forward.subList(0, forwardBefore.size())).as("Docker's rules untouched, still first").isEqualTo(forwardBefore);
            assertThat(rules(hostNs, "ip", "filter", "DOCKER-USER")).as("DOCKER-USER untouched").isEqualTo(userBefore);
            assertThat(hostNs.exec("iptables-nft", "-S", "FORWARD").orFail(List.of("iptables-nft -S")).stdout())
                    .as("iptables still reads the table, and shows jnet's rules as jnet's")
                    .contains("-A FORWARD -i web0 -m comment --comment jnet -j ACCEPT",
                            "-A FORWARD -o web0 -m comment --comment jnet -j ACCEPT",
                            "-A FORWARD -j DOCKER-USER");
            assertThat(host.foreign().lastReport().blocking()).isEmpty();
            assertThat(host.foreign().inspect().drops()).singleElement()
                    .satisfies(d -> assertThat(d.letThrough()).containsExactly("jnet0", WEB));
        }
    }

    @Test
    void withoutADockerUserChainTheRulesStillGoAfterDockersOwn(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        dockerIptablesNft(hostNs, false);
        List<JsonNode> forwardBefore = rules(hostNs, "ip", "filter", "FORWARD");
        try (FakeHost host = new FakeHost(hostNs)) {
            NetNs box = box(startWithWebServer(host));

            assertThat(Wire.tcp(box, outside.ns(), 4000, OUTSIDE, 4000)).as("egress").isPresent();
            assertThat(Wire.tcp(outside.ns(), box, 80, HOST, 8080)).as("published port").isPresent();
            assertThat(rules(hostNs, "ip", "filter", "FORWARD").subList(0, forwardBefore.size())).isEqualTo(forwardBefore);
        }
    }

    @Test
    void reconcileRestoresDeletedRulesAddsNothingTwiceAndNetworksBringAndTakeTheirOwn(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        dockerIptablesNft(hostNs, true);
        try (FakeHost host = FakeHost.withoutDriftRepair(hostNs)) {
            Controller c = startWithWebServer(host);
            NetNs box = box(c);
            JsonNode webIn = rules(hostNs, "ip", "filter", "FORWARD").stream()
                    .filter(r -> r.path("comment").asString("").equals("jnet")
                            && r.path("expr").get(0).path("match").path("right").asString().equals(WEB)).findFirst().orElseThrow();
            hostNs.exec("nft", "delete", "rule", "ip", "filter", "FORWARD", "handle", webIn.path("handle").asString())
                    .orFail(List.of("nft delete rule"));
            assertThat(Wire.tcp(box, outside.ns(), 4000, OUTSIDE, 4000)).as("broken by hand").isEmpty();

            c.reconcile();
            assertThat(Wire.tcp(box, outside.ns(), 4000, OUTSIDE, 4000)).as("repaired by reconcile").isPresent();
            List<JsonNode> repaired = rules(hostNs, "ip", "filter", "FORWARD");
            c.reconcile();
            host.start();
            assertThat(rules(hostNs, "ip", "filter", "FORWARD")).as("a second reconcile and a restart add nothing").isEqualTo(repaired);
            assertThat(jnetRules(hostNs, "ip", "filter", "FORWARD")).doesNotHaveDuplicates().hasSize(4);

            c = host.controller();
            c.createNetwork(NetworkSpec.named("more").withOptions(Map.of("com.docker.network.bridge.name", "more0")));
            assertThat(jnetRules(hostNs, "ip", "filter", "FORWARD")).contains("iifname more0", "oifname more0");
            c.deleteNetwork("more");
            c.deleteSandbox("s");
            c.deleteNetwork("web");
            assertThat(jnetRules(hostNs, "ip", "filter", "FORWARD")).containsExactly("iifname jnet0", "oifname jnet0");

            host.foreign().reconcile(List.of()); // what the last network's deletion leaves: no jnet bridge
            assertThat(jnetRules(hostNs, "ip", "filter", "FORWARD")).as("gone with the last bridge").isEmpty();
            assertThat(othersRules(hostNs, "ip", "filter", "FORWARD")).hasSize(3);
        }
    }

    @Test
    void aFirewalldStyleInetTableThatRejectsGetsTheRulesBeforeItsReject(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        firewalld(hostNs);
        try (FakeHost host = new FakeHost(hostNs)) {
            NetNs box = box(startWithWebServer(host));

            assertThat(Wire.tcp(box, outside.ns(), 4000, OUTSIDE, 4000)).as("egress").isPresent();
            assertThat(Wire.tcp(outside.ns(), box, 80, HOST, 8080)).as("published port").isPresent();
            List<JsonNode> rules = rules(hostNs, "inet", "firewalld", "filter_FORWARD");
            assertThat(rules.getLast().path("expr").get(0).has("reject")).as("the reject stays last").isTrue();
            assertThat(jnetRules(hostNs, "inet", "firewalld", "filter_FORWARD")).hasSize(4);
            assertThat(rules.subList(0, 3)).as("firewalld's own rules still come first")
                    .allSatisfy(r -> assertThat(r.has("comment")).isFalse());
        }
    }

    @Test
    void aFirewalldStyleRejectCutsEgressWhenJnetLeavesIt(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        firewalld(hostNs);
        try (FakeHost host = new FakeHost(hostNs, ForeignFirewallMode.LEAVE)) {
            NetNs box = box(startWithWebServer(host));

            assertThat(Wire.tcp(box, outside.ns(), 4000, OUTSIDE, 4000)).as("egress").isEmpty();
            ForeignDrop drop = host.foreign().inspect().blocking().getFirst();
            assertThat(drop.reason()).isEqualTo("its last rule rejects everything");
            assertThat(drop.fix()).allMatch(f -> f.startsWith("nft 'insert rule inet firewalld filter_FORWARD position "));
        }
    }

    @Test
    void aForeignTableThatAppearsLaterIsHandledByTheNextReconcileAndOneThatStopsDroppingLosesJnetsRules(ThrowawayNs hostNs,
                                                                                                        ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        try (FakeHost host = FakeHost.withoutDriftRepair(hostNs)) {
            Controller c = startWithWebServer(host);
            NetNs box = box(c);
            dockerIptablesNft(hostNs, false); // Docker started after jnet
            assertThat(Wire.tcp(box, outside.ns(), 4000, OUTSIDE, 4000)).as("cut by Docker").isEmpty();

            c.reconcile();
            assertThat(Wire.tcp(box, outside.ns(), 4000, OUTSIDE, 4000)).as("after reconcile").isPresent();

            hostNs.exec("iptables-nft", "-P", "FORWARD", "ACCEPT").orFail(List.of("iptables-nft -P"));
            c.reconcile();
            assertThat(jnetRules(hostNs, "ip", "filter", "FORWARD")).as("not needed any more").isEmpty();
            assertThat(othersRules(hostNs, "ip", "filter", "FORWARD")).hasSize(2);
        }
    }

    @Test
    void theDriftWatchLetsTheBridgesThroughADockerThatStartsLaterAndPutsBackRulesItTakesAway(ThrowawayNs hostNs,
                                                                                          ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = startWithWebServer(host);
            NetNs box = box(c);
            long before = c.driftRepairs();

            dockerIptablesNft(hostNs, true); // Docker started after jnet: no reconcile is asked for
            Eventually.until("jnet's rules are in Docker's FORWARD chain",
                    () -> jnetRules(hostNs, "ip", "filter", "FORWARD").size() == 4);
            assertThat(Wire.tcp(box, outside.ns(), 4000, OUTSIDE, 4000)).as("egress").isPresent();
            assertThat(Wire.tcp(outside.ns(), box, 80, HOST, 8080)).as("published port").isPresent();

            hostNs.exec("iptables-nft", "-D", "FORWARD", "-i", WEB, "-m", "comment", "--comment", "jnet", "-j", "ACCEPT")
                    .orFail(List.of("iptables-nft -D FORWARD")); // a Docker restart rewriting its chain, say
            Eventually.until("the removed rule is back", () -> jnetRules(hostNs, "ip", "filter", "FORWARD").size() == 4);
            assertThat(Wire.tcp(box, outside.ns(), 4000, OUTSIDE, 4000)).as("egress again").isPresent();
            Eventually.until("each counted as a repair", () -> c.driftRepairs() >= before + 2);
            assertThat(jnetRules(hostNs, "ip", "filter", "FORWARD")).doesNotHaveDuplicates();
        }
    }

    @Test
    void aLegacyIptablesForwardDropIsReportedWithTheCommandsThatFixIt(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        hostNs.exec("iptables-legacy", "-P", "FORWARD", "DROP").orFail(List.of("iptables-legacy -P FORWARD DROP"));
        try (FakeHost host = new FakeHost(hostNs)) {
            NetNs box = box(startWithWebServer(host));
            assertThat(Wire.tcp(box, outside.ns(), 4000, OUTSIDE, 4000)).as("dropped by legacy iptables").isEmpty();

            ForeignDrop drop = host.foreign().lastReport().blocking().getFirst();
            assertThat(drop.backend()).isEqualTo("iptables-legacy");
            assertThat(drop.describe()).startsWith("iptables-legacy table filter chain FORWARD (policy DROP) drops the forwarded "
                    + "traffic of jnet0, web0");
            assertThat(drop.fix()).contains("iptables-legacy -A FORWARD -i web0 -m comment --comment jnet -j ACCEPT",
                    "iptables-legacy -A FORWARD -o web0 -m comment --comment jnet -j ACCEPT");
            for (String fix : drop.fix()) {
                hostNs.exec(fix.split(" ")).orFail(List.of(fix));
            }
            assertThat(Wire.tcp(box, outside.ns(), 4000, OUTSIDE, 4000)).as("after the printed fix").isPresent();
            assertThat(Wire.tcp(outside.ns(), box, 80, HOST, 8080)).as("published port").isPresent();
            assertThat(host.foreign().inspect().blocking()).isEmpty();
        }
    }
}

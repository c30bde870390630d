package dev.jnet.cli;

import dev.jnet.kernel.ffi.Libc;
import dev.jnet.kernel.probe.CapabilityProbe;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.TestKernel;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@ExtendWith(NetnsExtension.class)
class DoctorCommandTest {
    record Run(int exitCode, String out, String err) {}

    static Run jnet(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void printsOneRowPerFeatureAndSucceedsWhereSingleHostNetworkingCanRun() {
        assumeTrue(Libc.geteuid() == 0, "needs root: the probe creates a throwaway namespace");
        Run run = jnet("doctor");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> rows = run.out().lines().skip(3).takeWhile(l -> !l.isEmpty()).toList();
        List<String> names = new ArrayList<>();
        rows.forEach(r -> names.add(r.split(" {2,}")[0]));
        assertThat(names).containsExactlyElementsOf(CapabilityProbe.FEATURES);
        assertThat(run.out()).startsWith("Kernel " + System.getProperty("os.version"));
        assertThat(rows.getFirst()).matches("netns +yes +created a throwaway network namespace");
        assertThat(run.out()).as("then other firewalls").contains("\nOther firewalls' forward chains");
    }

    @Test
    void jsonFormatIsMachineReadable() {
        assumeTrue(Libc.geteuid() == 0, "needs root: the probe creates a throwaway namespace");
        Run run = jnet("doctor", "--format", "json");

        JsonNode report = JsonMapper.builder().build().readTree(run.out());
        assertThat(report.path("kernelRelease").asString()).isEqualTo(System.getProperty("os.version"));
        assertThat(report.path("capabilities")).hasSize(CapabilityProbe.FEATURES.size());
        assertThat(report.path("capabilities").get(1).path("name").asString()).isEqualTo("veth");
        assertThat(report.path("capabilities").get(1).path("available").asBoolean()).isTrue();
        assertThat(report.path("foreignFirewall").path("drops").isArray()).as("other firewalls, looked at").isTrue();
    }

    @Test
    void itListsTheSubnetsTheHostUsesAsIpSeesThem() {
        assumeTrue(Libc.geteuid() == 0, "needs root: the probe creates a throwaway namespace");
        JsonNode report = JsonMapper.builder().build().readTree(jnet("doctor", "--format", "json").out());
        List<String> reported = new ArrayList<>();
        report.path("hostSubnets").forEach(u -> reported.add(u.path("prefix").asString()));
        JsonNode ipAddresses = JsonMapper.builder().build().readTree(
                dev.jnet.kernel.testing.Command.check("ip", "-j", "addr", "show"));
        ipAddresses.forEach(link -> link.path("addr_info").forEach(a -> {
            if (!a.path("local").asString().startsWith("fe80")) {
                assertThat(reported).as("ip -j addr's " + a.path("local").asString())
                        .contains(a.path("local").asString() + "/" + a.path("prefixlen").asInt());
            }
        }));
        assertThat(jnet("doctor").out()).contains("Subnets this host uses (networks created without --subnet step over them):");
    }

    @Test
    void theDoctorNamesAForeignForwardDropOfJnetsBridgesWithTheCommandsThatFixIt(ThrowawayNs ns) {
        ns.exec("ip", "link", "add", "web0", "type", "bridge").orFail(List.of("ip link add"));
        ns.exec("ip", "link", "set", "web0", "alias", "jnet:network:0123456789ab").orFail(List.of("ip link set alias"));
        ns.exec("ip", "link", "add", "docker0", "type", "bridge").orFail(List.of("ip link add docker0"));
        ns.exec("iptables-nft", "-P", "FORWARD", "DROP").orFail(List.of("iptables-nft -P FORWARD DROP"));

        String table = DoctorOutput.table(DoctorFirewall.inspect(TestKernel.executor(), ns.ns()));

        assertThat(table).isEqualTo("""
                Other firewalls' forward chains (jnet's bridges: web0):
                  table ip filter chain FORWARD (policy drop) drops the forwarded traffic of web0; to let it through run:
                    nft 'add rule ip filter FORWARD iifname "web0" accept comment "jnet"'
                    nft 'add rule ip filter FORWARD oifname "web0" accept comment "jnet"'
                """);
        for (String fix : List.of("add rule ip filter FORWARD iifname \"web0\" accept comment \"jnet\"",
                "add rule ip filter FORWARD oifname \"web0\" accept comment \"jnet\"")) {
            ns.exec("nft", fix).orFail(List.of("nft", fix));
        }
        assertThat(DoctorOutput.table(DoctorFirewall.inspect(TestKernel.executor(), ns.ns())))
                .contains("table ip filter chain FORWARD (policy drop) lets jnet's bridges through (web0)");
    }

    @Test
    void withoutJnetBridgesOrForeignDropsTheDoctorSaysSoForTheDefaultBridge(ThrowawayNs ns) {
        assertThat(DoctorOutput.table(DoctorFirewall.inspect(TestKernel.executor(), ns.ns()))).isEqualTo("""
                Other firewalls' forward chains (no jnet bridge here yet; shown for jnet0, jnetd's default bridge):
                  none drops forwarded traffic
                """);
    }

    @Test
    void anUnknownFormatIsAUsageErrorThatSaysWhatIsAllowed() {
        Run run = jnet("doctor", "--format", "yaml");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--format must be table or json, not 'yaml'");
    }

    @Test
    void helpListsTheCommands() {
        Run run = jnet("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("doctor", "version", "generate-completion");
    }
}

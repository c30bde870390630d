package dev.jnet.cli;

import dev.jnet.kernel.ffi.Libc;
import dev.jnet.kernel.probe.CapabilityProbe;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
        List<String> rows = run.out().lines().skip(3).toList();
        List<String> names = new ArrayList<>();
        rows.forEach(r -> names.add(r.split(" {2,}")[0]));
        assertThat(names).containsExactlyElementsOf(CapabilityProbe.FEATURES);
        assertThat(run.out()).startsWith("Kernel " + System.getProperty("os.version"));
        assertThat(rows.getFirst()).matches("netns +yes +created a throwaway network namespace");
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

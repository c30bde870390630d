package dev.jnet.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs the real launcher, bin/jnet, against the jar this build just packaged. */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("..", "bin", "jnet").toAbsolutePath().normalize();

    record Run(int exitCode, String out, String err) {}

    static Run launch(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = LAUNCHER.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void doctorRunsThroughTheLauncherWithoutRebuildingOrWarnings() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: the probe creates a namespace");
        Run run = launch("doctor");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("FEATURE", "netns", "XFRM");
        // No "building", and no "restricted method" warning: native access is enabled.
        assertThat(run.err()).isEmpty();
    }

    @Test
    void doctorWithoutRootSaysRunAsRootInsteadOfListingFeaturesAsMissing() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to drop to another user");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path jar = Path.of("target", "jnet-cli.jar").toAbsolutePath();
        List<String> asNobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
        Process readable = new ProcessBuilder(concat(asNobody, List.of("test", "-r", jar.toString()))).start();
        assumeTrue(readable.waitFor() == 0, "user 65534 cannot read " + jar + " (a checkout under a private directory)");

        Process p = new ProcessBuilder(concat(asNobody, List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar",
                jar.toString(), "doctor"))).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(err).isEqualTo("jnet doctor needs root: it tries each feature in a throwaway network namespace and"
                + " reads the firewall; run it as root (sudo jnet doctor)\n");
        assertThat(out).isEmpty();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void theLauncherMakesItsClassCacheSilentlyAndThenLoadsPicocliFromIt(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path startup = Path.of("target", "startup").toAbsolutePath();
        java.nio.file.Files.deleteIfExists(startup.resolve("built"));
        Run first = launch("version");
        assertThat(first.exitCode()).isZero();
        assertThat(first.out()).as("no class-archive messages on standard output").startsWith("jnet 0.1.0");
        assertThat(first.err()).isEmpty();
        assertThat(startup.resolve("jnet-cli.aot")).isNotEmptyFile();
        assertThat(startup.resolve("picocli.jar")).isNotEmptyFile();

        Path loaded = dir.resolve("classes.log");
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "version");
        builder.environment().put("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + loaded);
        Process p = builder.start();
        p.getOutputStream().close();
        p.getInputStream().readAllBytes();
        p.getErrorStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        assertThat(java.nio.file.Files.readString(loaded))
                .contains("picocli.CommandLine source: shared objects file", "dev.jnet.cli.Main source: shared objects file")
                .doesNotContain("picocli.CommandLine source: file:");
    }

    @Test
    void versionNamesJnetAndJava25() throws Exception {
        Run run = launch("version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("jnet 0.1.0").contains("Java 25");
    }

    @Test
    void aBadOptionExitsNonzeroWithAClearMessage() throws Exception {
        Run run = launch("doctor", "--bogus");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--bogus'");
    }
}

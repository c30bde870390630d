package dev.jnet.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

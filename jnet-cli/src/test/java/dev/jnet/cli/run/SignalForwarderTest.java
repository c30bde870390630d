package dev.jnet.cli.run;

import dev.jnet.kernel.ffi.Libc;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class SignalForwarderTest {
    static final String SIGINT_IGNORED = "SIGINT is ignored in this process (started in the background), "
            + "so a child would ignore it too";

    /** Whether this process ignores SIGINT (bit 2 of SigIgn in /proc/self/status): children inherit that. */
    static boolean sigintIgnored() throws IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << (Libc.SIGINT - 1))) != 0;
            }
        }
        return false;
    }

    @Test
    void aSigtermToJnetIsCaughtInsteadOfEndingTheJvm() throws InterruptedException {
        try (SignalForwarder forwarder = SignalForwarder.install(false)) {
            Libc.kill(Math.toIntExact(ProcessHandle.current().pid()), Libc.SIGTERM, "signal this JVM");
            for (int i = 0; i < 500 && forwarder.early() == 0; i++) {
                Thread.sleep(10);
            }
            assertThat(forwarder.early()).isEqualTo(Libc.SIGTERM);
        }
    }

    @Test
    void aSignalBeforeTheCommandStartsIsRememberedNotPassedOn() {
        try (SignalForwarder forwarder = SignalForwarder.install(false)) {
            forwarder.received(Libc.SIGTERM);
            forwarder.received(Libc.SIGINT);
            assertThat(forwarder.early()).isEqualTo(Libc.SIGTERM);
        }
    }

    @Test
    void inATerminalOnlySigtermIsPassedOnBecauseTheKeyboardReachesTheCommandItself() throws IOException, InterruptedException {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try (SignalForwarder forwarder = SignalForwarder.install(true)) {
            forwarder.attach(sleeper);
            forwarder.received(Libc.SIGINT);
            forwarder.received(Libc.SIGHUP);
            assertThat(sleeper.waitFor(300, java.util.concurrent.TimeUnit.MILLISECONDS)).isFalse();
            forwarder.received(Libc.SIGTERM);
            assertThat(sleeper.waitFor()).isEqualTo(128 + Libc.SIGTERM);
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void withoutATerminalSigintIsPassedOn() throws IOException, InterruptedException {
        org.junit.jupiter.api.Assumptions.assumeFalse(sigintIgnored(), SIGINT_IGNORED);
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try (SignalForwarder forwarder = SignalForwarder.install(false)) {
            forwarder.attach(sleeper);
            forwarder.received(Libc.SIGINT);
            assertThat(sleeper.waitFor()).isEqualTo(128 + Libc.SIGINT);
            forwarder.received(Libc.SIGINT); // gone now: nothing to do, no error
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void aCommandThatIsNotThereIsReportedBeforeAnythingStarts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        java.nio.file.Path plain = java.nio.file.Files.writeString(dir.resolve("plain"), "not a program");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SandboxProcess.checkRunnable(java.util.List.of("/nonexistent/x")))
                .hasMessage("cannot run /nonexistent/x: no such file");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SandboxProcess.checkRunnable(java.util.List.of(plain.toString())))
                .hasMessage("cannot run " + plain + ": permission denied");
        SandboxProcess.checkRunnable(java.util.List.of("sh"));
    }
}

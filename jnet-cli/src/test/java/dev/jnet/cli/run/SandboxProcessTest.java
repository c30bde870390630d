package dev.jnet.cli.run;

import dev.jnet.kernel.ffi.Libc;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

@ExtendWith(NetnsExtension.class)
class SandboxProcessTest {
    @TempDir
    Path dir;

    static SandboxView sandbox(ThrowawayNs ns, Path hosts, Path resolvConf) {
        return new SandboxView(ns.name(), ns.ns().path(), false, "box-" + ns.name(), hosts, resolvConf);
    }

    static String output(Process p) throws IOException, InterruptedException {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    static String inode(Path namespaceFile) throws IOException {
        return String.valueOf(Files.getAttribute(namespaceFile, "unix:ino"));
    }

    @Test
    void aProcessInheritsTheNetworkNamespaceOfTheThreadThatStartsIt(ThrowawayNs ns) throws Exception {
        Process p = SandboxProcess.start(sandbox(ns, null, null), new ProcessBuilder("readlink", "/proc/self/ns/net"));
        String seen = output(p).strip();

        assertThat(seen).isEqualTo("net:[" + inode(ns.ns().path()) + "]");
        assertThat(seen).isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString());
    }

    @Test
    void theCommandSeesOnlyTheSandboxsInterfaces(ThrowawayNs ns) throws Exception {
        ns.exec("ip", "link", "add", "eth0", "type", "bridge").orFail(List.of("ip", "link", "add", "eth0"));
        Process p = SandboxProcess.start(sandbox(ns, null, null), new ProcessBuilder("ip", "-o", "link", "show"));
        List<String> names = output(p).lines().map(l -> l.split(": ")[1].split("@")[0]).toList();
        assertThat(names).containsExactly("lo", "eth0");
    }

    @Test
    void theCommandSeesTheSandboxsHostsResolvConfAndHostNameAndTheMachineKeepsItsOwn(ThrowawayNs ns) throws Exception {
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n10.9.0.2 box\n");
        Path resolvConf = Files.writeString(dir.resolve("resolv.conf"), "nameserver 192.0.2.53\n");
        byte[] machineHosts = Files.readAllBytes(Path.of("/etc/hosts"));
        String machineName = Files.readString(Path.of("/proc/sys/kernel/hostname"));
        SandboxView view = sandbox(ns, hosts, resolvConf);

        Process p = SandboxProcess.start(view, new ProcessBuilder(SandboxProcess.commandLine(view,
                List.of("sh", "-c", "cat /etc/hosts /etc/resolv.conf; hostname; readlink /proc/self/ns/net"))));
        String out = output(p);

        assertThat(p.exitValue()).isZero();
        assertThat(out).isEqualTo("127.0.0.1 localhost\n10.9.0.2 box\nnameserver 192.0.2.53\nbox-" + ns.name()
                + "\nnet:[" + inode(ns.ns().path()) + "]\n");
        assertThat(Files.readAllBytes(Path.of("/etc/hosts"))).isEqualTo(machineHosts);
        assertThat(Files.readString(Path.of("/proc/sys/kernel/hostname"))).isEqualTo(machineName);
    }

    @Test
    void theExitStatusIsTheCommandsAnd128PlusTheSignalThatEndedIt(ThrowawayNs ns) throws Exception {
        try (SandboxProcess process = SandboxProcess.prepare(false)) {
            long[] started = {0};
            assertThat(process.run(sandbox(ns, null, null), List.of("sh", "-c", "exit 7"), java.util.Map.of(),
                    pid -> started[0] = pid)).isEqualTo(7);
            assertThat(started[0]).as("the command's pid, told once it runs").isPositive();
        }
        Process p = SandboxProcess.start(sandbox(ns, null, null), new ProcessBuilder("sleep", "30"));
        SignalForwarder.forward(p, Libc.SIGTERM);
        assertThat(p.waitFor()).isEqualTo(128 + Libc.SIGTERM);
    }

    @Test
    void sigintReachesTheCommand(ThrowawayNs ns) throws Exception {
        assumeFalse(SignalForwarderTest.sigintIgnored(), SignalForwarderTest.SIGINT_IGNORED);
        Process p = SandboxProcess.start(sandbox(ns, null, null), new ProcessBuilder("sleep", "30"));
        SignalForwarder.forward(p, Libc.SIGINT);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(128 + Libc.SIGINT);
    }

    @Test
    void aMissingNamespaceIsAClearError() {
        SandboxView gone = new SandboxView("gone", dir.resolve("no-such-ns"), false, "x", null, null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SandboxProcess.start(gone, new ProcessBuilder("true")))
                .hasMessageContaining("gone").hasMessageContaining("No such file or directory");
    }
}

package dev.jnet.kernel.sysctl;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.rtnl.LinkSpec;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.IfName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sysctls of a throwaway namespace, written through jnet and read back by {@code cat} inside it. Nothing
 * here writes to the machine's own namespace; the tests read its values to prove they did not change.
 */
@ExtendWith(NetnsExtension.class)
class SysctlTest {
    private static final String FORWARD = "net.ipv4.ip_forward";

    /** The test JVM's own (host namespace) value, read with a stream because /proc reports size 0. */
    private static String hostValue(String procPath) {
        try (InputStream in = Files.newInputStream(Path.of(procPath))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String observed(ThrowawayNs ns, String procPath) {
        return ns.exec("cat", procPath).orFail(List.of("cat", procPath)).stdout().strip();
    }

    private static void assertKind(Runnable call, ErrorKind kind, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(JnetException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    @Test
    void writesIpForwardInsideTheNamespaceOnly(ThrowawayNs ns, ThrowawayNs other) {
        String hostBefore = hostValue("/proc/sys/net/ipv4/ip_forward");
        Sysctl sysctl = ns.sysctl();

        sysctl.write(FORWARD, "1");
        assertThat(sysctl.read(FORWARD)).isEqualTo("1");
        assertThat(observed(ns, "/proc/sys/net/ipv4/ip_forward")).isEqualTo("1");
        assertThat(observed(other, "/proc/sys/net/ipv4/ip_forward")).isEqualTo("0");
        assertThat(other.sysctl().read(FORWARD)).isEqualTo("0");
        assertThat(hostValue("/proc/sys/net/ipv4/ip_forward")).isEqualTo(hostBefore);

        sysctl.write(FORWARD, "0");
        assertThat(observed(ns, "/proc/sys/net/ipv4/ip_forward")).isEqualTo("0");
        assertThat(hostValue("/proc/sys/net/ipv4/ip_forward")).isEqualTo(hostBefore);
    }

    @Test
    void writeIfPresentWritesAKeyTheKernelHasAndSkipsOneItLacks(ThrowawayNs ns) {
        assertThat(ns.sysctl().writeIfPresent(FORWARD, "1")).isTrue();
        assertThat(observed(ns, "/proc/sys/net/ipv4/ip_forward")).isEqualTo("1");

        assertThat(ns.sysctl().writeIfPresent("net.ipv6.conf.nosuchlink0.disable_ipv6", "1")).isFalse();
        assertKind(() -> ns.sysctl().writeIfPresent(FORWARD, "not a number"), ErrorKind.INVALID, "refused");
    }

    @Test
    void ensureWritesOnlyADifferentValueAndLeavesTheHostAlone(ThrowawayNs ns) {
        String hostBefore = hostValue("/proc/sys/net/ipv4/ip_forward");
        ns.sysctl().ensure(FORWARD, "1");
        ns.sysctl().ensure(FORWARD, "1");

        assertThat(observed(ns, "/proc/sys/net/ipv4/ip_forward")).isEqualTo("1");
        assertThat(hostValue("/proc/sys/net/ipv4/ip_forward")).isEqualTo(hostBefore);
    }

    @Test
    void aSlashInAKeyStandsForADotInAnInterfaceName(ThrowawayNs ns) {
        ns.rtnl().links().create(new LinkSpec.Veth(IfName.of("v0.5"), IfName.of("v1")));
        String file = "/proc/sys/net/ipv4/conf/v0.5/forwarding";
        String hostBefore = hostValue("/proc/sys/net/ipv4/conf/all/forwarding");

        ns.sysctl().write("net.ipv4.conf.v0/5.forwarding", "1");
        assertThat(observed(ns, file)).isEqualTo("1");
        assertThat(ns.sysctl().read("net.ipv4.conf.v0/5.forwarding")).isEqualTo("1");
        assertThat(ns.sysctl().read("net/ipv4/conf/v0.5/forwarding")).isEqualTo("1");
        assertThat(observed(ns, "/proc/sys/net/ipv4/conf/v1/forwarding")).isEqualTo("0");

        ns.sysctl().write("net/ipv4/conf/v0.5/forwarding", "0");
        assertThat(observed(ns, file)).isEqualTo("0");
        assertThat(hostValue("/proc/sys/net/ipv4/conf/all/forwarding")).isEqualTo(hostBefore);
    }

    @Test
    void everyInterfaceNameLinuxAllowsCanBeNamedInAKey(ThrowawayNs ns) {
        ns.rtnl().links().create(new LinkSpec.Veth(IfName.of("v#1~x"), IfName.of("v=2,b")));

        ns.sysctl().write("net.ipv4.conf.v#1~x.forwarding", "1");
        ns.sysctl().write("net/ipv6/conf/v=2,b/disable_ipv6", "1");
        assertThat(observed(ns, "/proc/sys/net/ipv4/conf/v#1~x/forwarding")).isEqualTo("1");
        assertThat(observed(ns, "/proc/sys/net/ipv6/conf/v=2,b/disable_ipv6")).isEqualTo("1");
    }

    @Test
    void keysThatCouldEscapeProcSysOrNameNothingAreInvalid(ThrowawayNs ns) {
        for (String key : new String[] {"../etc", "net..ipv4", "", "net/../../etc/passwd", "net.ipv4.conf.//.forwarding",
                "/proc/sys/net/ipv4/ip_forward", "net.ipv4.", ".net", "net.ipv4.ip forward", "net/ipv4//ip_forward"}) {
            assertKind(() -> ns.sysctl().read(key), ErrorKind.INVALID, "sysctl key");
            assertKind(() -> ns.sysctl().write(key, "1"), ErrorKind.INVALID, "sysctl key");
        }
        assertKind(() -> ns.sysctl().read(null), ErrorKind.INVALID, "sysctl key");
    }

    @Test
    void aDirectoryIsNotAKey(ThrowawayNs ns) {
        assertKind(() -> ns.sysctl().read("net.ipv4"), ErrorKind.INVALID, "net.ipv4");
        assertKind(() -> ns.sysctl().write("net.ipv4.conf.all", "1"), ErrorKind.INVALID, "net.ipv4.conf.all");
    }

    @Test
    void aMissingKeyIsNotFound(ThrowawayNs ns) {
        assertKind(() -> ns.sysctl().read("net.ipv4.no_such_key"), ErrorKind.NOT_FOUND, "net.ipv4.no_such_key");
        assertKind(() -> ns.sysctl().write("net.ipv4.no_such_key", "1"), ErrorKind.NOT_FOUND, "net.ipv4.no_such_key");
        assertKind(() -> ns.sysctl().write("net.ipv4.conf.nosuch0.forwarding", "1"), ErrorKind.NOT_FOUND, "nosuch0");
        assertThat(observed(ns, "/proc/sys/net/ipv4/conf/all/forwarding")).isEqualTo("0");
    }

    @Test
    void aValueTheKernelRefusesIsInvalidAndChangesNothing(ThrowawayNs ns) {
        ns.sysctl().write(FORWARD, "1");
        assertKind(() -> ns.sysctl().write(FORWARD, "abc"), ErrorKind.INVALID, "Invalid argument");
        assertKind(() -> ns.sysctl().write(FORWARD, "1\n0"), ErrorKind.INVALID, "one line");
        assertThat(observed(ns, "/proc/sys/net/ipv4/ip_forward")).isEqualTo("1");
    }

    @Test
    void aReadOnlyKeyCannotBeWrittenAndAWriteOnlyKeyCannotBeRead(ThrowawayNs ns) {
        String key = "net.ipv4.tcp_available_congestion_control";
        String before = observed(ns, "/proc/sys/net/ipv4/tcp_available_congestion_control");
        assertKind(() -> ns.sysctl().write(key, "reno"), ErrorKind.FORBIDDEN, key);
        assertThat(observed(ns, "/proc/sys/net/ipv4/tcp_available_congestion_control")).isEqualTo(before);
        assertKind(() -> ns.sysctl().read("net.ipv4.route.flush"), ErrorKind.FORBIDDEN, "net.ipv4.route.flush");
    }

    @org.junit.jupiter.api.Test
    void keysOutsideNetAreRefusedBecauseTheyWouldChangeTheWholeMachine(ThrowawayNs ns) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ns.sysctl().read("kernel.hostname"))
                .isInstanceOfSatisfying(dev.jnet.error.JnetException.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.kind()).isEqualTo(dev.jnet.error.ErrorKind.INVALID))
                .hasMessageContaining("not a net.* key");
    }
}

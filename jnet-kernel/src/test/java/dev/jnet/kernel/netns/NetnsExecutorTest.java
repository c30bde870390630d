package dev.jnet.kernel.netns;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.rtnl.LinkSpec;
import dev.jnet.kernel.rtnl.RtNetlink;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.TestKernel;
import dev.jnet.kernel.testing.ThreadCapabilities;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.IfName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(NetnsExtension.class)
class NetnsExecutorTest {
    private static final Path THREAD_NS = Path.of("/proc/thread-self/ns/net");

    private static long inode(Path path) {
        try {
            return (Long) Files.getAttribute(path, "unix:ino");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void codeRunsInsideTheNamespaceAndTheCallerStaysWhereItWas(ThrowawayNs ns) {
        long host = inode(THREAD_NS);
        long seenInside = TestKernel.executor().call(ns.ns(), () -> inode(THREAD_NS));

        assertThat(seenInside).isEqualTo(inode(ns.ns().path())).isNotEqualTo(host);
        assertThat(inode(THREAD_NS)).isEqualTo(host);
        assertThat(TestKernel.executor().call(NetNs.PROCESS, () -> inode(THREAD_NS))).isEqualTo(host);
    }

    @Test
    void workersReturnToTheHostNamespaceAfterEachTask(ThrowawayNs ns) {
        long host = inode(Path.of("/proc/self/ns/net"));
        for (int i = 0; i < 20; i++) {
            TestKernel.executor().call(ns.ns(), () -> inode(THREAD_NS));
            // A worker that stayed inside would answer with the sandbox's inode here.
            assertThat(TestKernel.executor().call(NetNs.PROCESS, () -> Thread.currentThread().getName()))
                    .startsWith("jnet-netns-");
        }
        // PROCESS runs on the pool too; check the pool's threads from a task that must not switch.
        assertThat(TestKernel.executor().call(NetNs.PROCESS, () -> inode(THREAD_NS))).isEqualTo(host);
    }

    @Test
    void theTasksOwnExceptionReachesTheCaller(ThrowawayNs ns) {
        assertThatThrownBy(() -> TestKernel.executor().call(ns.ns(), () -> {
            throw JnetException.conflict("from inside");
        })).isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT))
                .hasMessage("from inside");
    }

    @Test
    void aMissingNamespaceFileIsNotFoundAndNamesThePath() {
        NetNs ghost = NetNs.at(Path.of("/run/no-such-dir/ghost"));
        assertThatThrownBy(() -> TestKernel.executor().call(ghost, () -> 1))
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessageContaining("/run/no-such-dir/ghost");
    }

    @Test
    void aWorkerThatCannotReturnHomeIsDiscardedAndNeverReused(ThrowawayNs ns) {
        try (NetnsExecutor executor = new NetnsExecutor()) {
            // Without CAP_SYS_ADMIN the worker's setns back to the host fails: it must not serve again.
            String stuck = executor.call(ns.ns(), () -> {
                ThreadCapabilities.dropAll();
                return Thread.currentThread().getName();
            });
            for (int i = 0; i < 5; i++) {
                String next = executor.call(ns.ns(), () -> {
                    try (RtNetlink rtnl = RtNetlink.openHere("check")) {
                        rtnl.links().create(new LinkSpec.Bridge(IfName.of("ok0")));
                        rtnl.links().delete(IfName.of("ok0"));
                    }
                    return Thread.currentThread().getName();
                });
                assertThat(next).isNotEqualTo(stuck);
            }
        }
    }
}

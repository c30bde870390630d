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
import java.util.List;
import java.util.concurrent.CompletableFuture;

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

    /** Which threads of this process are inside {@code ns} now. */
    private static java.util.List<String> threadsInside(ThrowawayNs ns) throws Exception {
        String wanted = "net:[" + inode(ns.ns().path()) + "]";
        java.util.List<String> inside = new java.util.ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readSymbolicLink(task.resolve("ns/net")).toString().equals(wanted)) {
                        inside.add(Files.readString(task.resolve("comm")).strip());
                    }
                } catch (java.io.IOException gone) {
                    // the thread ended while we looked
                }
            }
        }
        return inside;
    }

    @Test
    void virtualThreadCallersNeverGetACarrierBornInsideASandbox(ThrowawayNs ns) throws Exception {
        // Handing a result to a virtual thread may start a carrier thread, which is born in the
        // namespace of the thread that starts it: results must be handed over from home.
        try (var callers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                done.add(callers.submit(() -> {
                    for (int r = 0; r < 5; r++) {
                        TestKernel.executor().call(ns.ns(), () -> {
                            Thread.sleep(10);
                            return 1;
                        });
                    }
                    return null;
                }));
            }
            for (var f : done) {
                f.get();
            }
        }
        assertThat(threadsInside(ns)).as("threads left inside the sandbox").isEmpty();
    }

    @Test
    void aTaskThatLeavesItsInterruptFlagSetCostsNoOtherJob() throws Exception {
        try (NetnsExecutor executor = new NetnsExecutor();
             var callers = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(callers.submit(() -> {
                    for (int i = 0; i < 1500; i++) {
                        executor.call(NetNs.PROCESS, () -> {
                            Thread.currentThread().interrupt();
                            return 1;
                        });
                    }
                    return null;
                }));
            }
            for (var f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS); // a lost job would hang its caller
            }
        }
    }

    @Test
    void closingWhileACallStartsEitherServesOrRefusesItButNeverHangs() throws Exception {
        for (int i = 0; i < 300; i++) {
            NetnsExecutor executor = new NetnsExecutor();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CompletableFuture<Object> outcome = new java.util.concurrent.CompletableFuture<>();
            Thread caller = Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    outcome.complete(executor.call(NetNs.PROCESS, () -> 1));
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            Thread closer = Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException ignored) {
                    return;
                }
                executor.close();
            });
            go.countDown();
            Object result = outcome.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(result).satisfiesAnyOf(r -> assertThat(r).isEqualTo(1),
                    r -> assertThat(r).isInstanceOf(IllegalStateException.class));
            caller.join();
            closer.join();
        }
    }

    @Test
    void callEachRunsEveryJobInItsNamespaceOnOneWorkerAndComesHome(ThrowawayNs a, ThrowawayNs b) {
        long host = inode(THREAD_NS);
        NetNs gone = new NetNs("gone", a.ns().path().resolveSibling("no-such-namespace"));
        List<CompletableFuture<String>> outcomes = TestKernel.executor().callEach(List.of(
                new NetnsExecutor.Job<>(a.ns(), () -> inode(THREAD_NS) + " " + Thread.currentThread().getName()),
                new NetnsExecutor.Job<>(gone, () -> "never runs"),
                new NetnsExecutor.Job<String>(b.ns(), () -> {
                    throw JnetException.conflict("from inside b");
                }),
                new NetnsExecutor.Job<>(NetNs.PROCESS, () -> inode(THREAD_NS) + " " + Thread.currentThread().getName()),
                new NetnsExecutor.Job<>(b.ns(), () -> inode(THREAD_NS) + " " + Thread.currentThread().getName())));

        assertThat(outcomes).allMatch(CompletableFuture::isDone);
        String[] inA = outcomes.get(0).join().split(" ");
        assertThat(Long.parseLong(inA[0])).isEqualTo(inode(a.ns().path()));
        assertThat(outcomes.get(1)).isCompletedExceptionally();
        assertThatThrownBy(outcomes.get(2)::join).hasCauseInstanceOf(JnetException.class).hasMessageContaining("from inside b");
        assertThat(outcomes.get(3).join()).isEqualTo(host + " " + inA[1]);
        assertThat(outcomes.get(4).join()).isEqualTo(inode(b.ns().path()) + " " + inA[1]);
        assertThat(inode(THREAD_NS)).isEqualTo(host);
        assertThat(TestKernel.executor().call(NetNs.PROCESS, () -> inode(THREAD_NS))).as("the worker came home").isEqualTo(host);
    }
}

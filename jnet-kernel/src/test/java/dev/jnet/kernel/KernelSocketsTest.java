package dev.jnet.kernel;

import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.rtnl.LinkSpec;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.IfName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** How many rtnetlink descriptors a {@link Kernel} keeps, and that a socket that let its go still works. */
@ExtendWith(NetnsExtension.class)
class KernelSocketsTest {
    private static final int SANDBOXES = Kernel.OPEN_SANDBOX_SOCKETS + 20;

    private static final Path RUN = NetnsExtension.RUN_DIR.resolve("kernel-sockets");

    private Kernel kernel;
    private final List<NetNs> made = new ArrayList<>();

    @BeforeEach
    void startKernel(ThrowawayNs host) {
        kernel = new Kernel(RUN, host.ns());
    }

    @AfterEach
    void removeWhatTheTestMade() throws IOException {
        made.forEach(kernel::deleteNamespace);
        kernel.namespaces().releaseDirectory();
        kernel.close();
        Files.deleteIfExists(RUN);
    }

    private List<NetNs> sandboxes(int count) {
        for (int i = 0; i < count; i++) {
            made.add(kernel.createNamespace("ks" + i));
        }
        return made;
    }

    @Test
    void onlyTheLastUsedSandboxesKeepAnRtnetlinkDescriptor() throws IOException {
        long before = netlinkDescriptors();

        List<NetNs> sandboxes = sandboxes(SANDBOXES);

        assertThat(netlinkDescriptors() - before).as("netlink descriptors opened for %d sandboxes", SANDBOXES)
                .isEqualTo(Kernel.OPEN_SANDBOX_SOCKETS);
        assertThat(kernel.in(sandboxes.getFirst()).isOpen()).as("the first sandbox's socket").isFalse();
        assertThat(kernel.in(sandboxes.getLast()).isOpen()).as("the last sandbox's socket").isTrue();

        kernel.in(sandboxes.getFirst()).links().list();

        assertThat(kernel.in(sandboxes.getFirst()).isOpen()).as("the first sandbox's socket, used again").isTrue();
        assertThat(netlinkDescriptors() - before).isEqualTo(Kernel.OPEN_SANDBOX_SOCKETS);
    }

    @Test
    void aSocketThatLetItsDescriptorGoOpensAgainInItsOwnNamespace(ThrowawayNs host) {
        List<NetNs> sandboxes = sandboxes(SANDBOXES);
        var first = kernel.in(sandboxes.getFirst());
        sandboxes.subList(1, sandboxes.size()).forEach(kernel::in); // pushes the first out of the kept few
        assertThat(first.isOpen()).isFalse();

        first.links().create(new LinkSpec.Bridge(IfName.of("br-again")));

        assertThat(Command.check("nsenter", "--net=" + sandboxes.getFirst().path(), "ip", "-o", "link", "show"))
                .contains("br-again");
        assertThat(host.ipLinkNames()).doesNotContain("br-again");
        assertThat(first.isOpen()).as("a socket not among the last used closes after each request").isFalse();
    }

    @Test
    void workOnManyMoreSandboxesThanKeptFromManyThreadsLandsInTheRightOneAndLeavesNoDescriptor() throws Exception {
        long before = netlinkDescriptors();
        List<NetNs> sandboxes = sandboxes(SANDBOXES);
        int threads = 8;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = thread; i < sandboxes.size(); i += threads) {
                        kernel.in(sandboxes.get(i)).links().create(new LinkSpec.Bridge(IfName.of("br-s" + i)));
                        kernel.in(sandboxes.get((i + 7) % sandboxes.size())).links().list();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }

        for (int i = 0; i < sandboxes.size(); i++) {
            String links = Command.check("nsenter", "--net=" + sandboxes.get(i).path(), "ip", "-o", "link", "show");
            assertThat(links).as("sandbox %d", i).contains("br-s" + i + ":").doesNotContainPattern("br-s(?!" + i + ":)");
        }
        assertThat(netlinkDescriptors() - before).isLessThanOrEqualTo(Kernel.OPEN_SANDBOX_SOCKETS);
    }

    /**
     * Sockets this process holds, as the kernel lists its descriptors: in these tests only the kernel
     * door opens sockets, so the change is the rtnetlink descriptors it keeps.
     */
    private static long netlinkDescriptors() throws IOException {
        long sockets = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    sockets += Files.readSymbolicLink(fd).toString().startsWith("socket:[") ? 1 : 0;
                } catch (IOException gone) {
                    // the descriptor of the listing itself, closed by now
                }
            }
        }
        return sockets;
    }
}

package dev.jnet.kernel.testing;

import dev.jnet.kernel.netns.NetnsManager;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Gives each {@link ThrowawayNs} parameter of a test a fresh network namespace, and removes every one
 * of them after the test, whether it passed or failed. Tests skip with a clear reason unless root.
 */
public final class NetnsExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(NetnsExtension.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    /** Private to this JVM, so concurrent test runs never meet. */
    public static final Path RUN_DIR = Path.of("/run/jnet-test-" + ProcessHandle.current().pid());

    @Override
    public void beforeEach(ExtensionContext context) {
        assumeTrue(TestKernel.isRoot(), TestKernel.NEEDS_ROOT);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ThrowawayNs.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        assumeTrue(TestKernel.isRoot(), TestKernel.NEEDS_ROOT);
        ThrowawayNs ns = new ThrowawayNs(manager().create("t" + COUNTER.incrementAndGet()));
        made(context).add(ns);
        return ns;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<ThrowawayNs> namespaces = made(context);
        RuntimeException first = null;
        for (ThrowawayNs ns : namespaces) {
            try {
                ns.closeHandles();
                manager().delete(ns.name());
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        namespaces.clear();
        manager().releaseDirectory();
        RunDirectory.remove();
        if (first != null) {
            throw first;
        }
    }

    public static NetnsManager manager() {
        return RunDirectory.MANAGER;
    }

    /**
     * Removes the empty directories of {@code root}, deepest first, and {@code root} if that empties it: what a
     * test's own kernel left under {@link #RUN_DIR} once it released its namespace directory. A directory that
     * holds a file, or is still a mount point, stays.
     */
    public static void removeEmptyTree(Path root) {
        if (!java.nio.file.Files.isDirectory(root)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                try {
                    if (java.nio.file.Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        java.nio.file.Files.deleteIfExists(p);
                    }
                } catch (java.io.IOException notEmptyOrBusy) {
                    // kept: something still lives there
                }
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // gone meanwhile, or unreadable: nothing to remove
        }
    }

    @SuppressWarnings("unchecked")
    private static List<ThrowawayNs> made(ExtensionContext context) {
        return context.getStore(STORE).computeIfAbsent("made", k -> new ArrayList<ThrowawayNs>(), List.class);
    }

    /** The test run directory, holding the namespace directory. */
    static final class RunDirectory {
        static final NetnsManager MANAGER = new NetnsManager(RUN_DIR.resolve("netns"));

        static void remove() {
            try {
                java.nio.file.Files.deleteIfExists(RUN_DIR);
            } catch (java.io.IOException ignored) {
                // not empty: something else of this run still lives there
            }
        }
    }
}

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

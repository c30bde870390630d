package dev.jnet.kernel.testing;

import dev.jnet.kernel.ffi.Libc;
import dev.jnet.kernel.netns.NetnsExecutor;

/** What every kernel test shares: one namespace executor, and whether the tests may touch the kernel. */
public final class TestKernel {
    private static final NetnsExecutor EXECUTOR = new NetnsExecutor();

    private TestKernel() {}

    public static NetnsExecutor executor() {
        return EXECUTOR;
    }

    public static boolean isRoot() {
        return Libc.geteuid() == 0;
    }

    /** Why kernel tests skip when they cannot run. */
    public static final String NEEDS_ROOT =
            "needs root: kernel tests create network namespaces, links and nftables tables (run as root)";
}

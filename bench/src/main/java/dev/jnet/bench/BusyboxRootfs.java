package dev.jnet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A root file system of Debian's static busybox (package busybox-static) for the benchmarks' containers:
 * the binary and links to it for the applets they run, and the directories a runtime mounts over.
 */
final class BusyboxRootfs {
    static final Path BUSYBOX = Path.of("/bin/busybox");

    private BusyboxRootfs() {}

    /** Makes it in {@code rootfs} (a new directory) with {@code applets}, e.g. {@code true} and {@code sleep}. */
    static Path make(Path rootfs, List<String> applets) {
        try {
            Files.createDirectories(rootfs.resolve("bin"));
            for (String dir : List.of("etc", "proc", "sys", "dev", "tmp")) {
                Files.createDirectories(rootfs.resolve(dir));
            }
            Files.copy(BUSYBOX, rootfs.resolve("bin").resolve("busybox"));
            for (String applet : applets) {
                Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
            }
        } catch (IOException e) {
            throw new BenchmarkException("make a busybox root file system in " + rootfs + ": " + e.getMessage(), e);
        }
        return rootfs;
    }
}

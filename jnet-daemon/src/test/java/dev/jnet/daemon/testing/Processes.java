package dev.jnet.daemon.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Processes of this machine, found by what a test gave them. */
final class Processes {
    private Processes() {}

    /**
     * The processes in the mount namespace {@code namespace} (as {@code /proc/PID/ns/mnt} reads:
     * {@code mnt:[INODE]}), which a test made private for the runtime it started: they are that runtime's.
     */
    static List<ProcessHandle> inMountNamespace(String namespace) {
        try {
            if (Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString().equals(namespace)) {
                throw new IllegalArgumentException(namespace + " is the machine's own mount namespace, not a test's");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<ProcessHandle> found = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try {
                    if (Files.readSymbolicLink(proc.resolve("ns/mnt")).toString().equals(namespace)) {
                        ProcessHandle.of(Long.parseLong(proc.getFileName().toString())).ifPresent(found::add);
                    }
                } catch (IOException | NumberFormatException e) {
                    // ended meanwhile, or a kernel thread
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return found;
    }
}

package dev.jnet.daemon.api.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code /version} and {@code /info} say about the machine, read once: kernel, operating system,
 * architecture (Go's name and uname's), host name, CPUs and memory.
 */
record HostFacts(String kernel, String operatingSystem, String goArch, String machine, String hostname, int cpus,
                 long memoryBytes) {
    static HostFacts read() {
        String arch = System.getProperty("os.arch");
        return new HostFacts(System.getProperty("os.version"), prettyName(), goArch(arch), machine(arch),
                firstLine(Path.of("/proc/sys/kernel/hostname"), "localhost"), Runtime.getRuntime().availableProcessors(),
                memory());
    }

    private static String goArch(String javaArch) {
        return switch (javaArch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> javaArch;
        };
    }

    private static String machine(String javaArch) {
        return switch (javaArch) {
            case "x86_64", "amd64" -> "x86_64";
            default -> javaArch;
        };
    }

    /** {@code PRETTY_NAME} from os-release, as dockerd reports it. */
    private static String prettyName() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException ignored) {
            // no os-release: say what is certain
        }
        return "Linux";
    }

    private static long memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // unknown: 0, as dockerd reports a value it cannot read
        }
        return 0;
    }

    private static String firstLine(Path file, String fallback) {
        try {
            return Files.readAllLines(file).stream().findFirst().map(String::strip).orElse(fallback);
        } catch (IOException e) {
            return fallback;
        }
    }
}

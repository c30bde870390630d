package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One {@code ip} process per operation, as a shell script would do it. A single {@code nsenter} starts
 * {@code sh} inside the namespace, and the shell runs each {@code ip} command as its own process: the
 * namespace is entered once, so only the per-operation process cost is measured.
 *
 * @param ip the absolute path of the {@code ip} binary (no PATH search per command)
 * @param files where the script is written
 */
record IpPerProcessContender(Path ip, ThrowawayNamespaces files) implements Contender {
    @Override
    public String name() {
        return "per-process";
    }

    @Override
    public String label() {
        return "ip, one process per op";
    }

    @Override
    public Measurement run(Workload workload, NetNs ns) {
        Path script = files.workDirectory().resolve(ns.name() + ".sh");
        StringBuilder text = new StringBuilder("set -e\n");
        for (String command : workload.ipCommands()) {
            text.append(ip).append(' ').append(command).append('\n');
        }
        write(script, text.toString());
        List<String> command = ThrowawayNamespaces.inside(ns, List.of("/bin/sh", script.toString()));
        long start = System.nanoTime();
        Processes.run(command, files.workDirectory().resolve("per-process.err"));
        return new Measurement(System.nanoTime() - start);
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new BenchmarkException("write " + file + ": " + e.getMessage(), e);
        }
    }
}

package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;

import java.nio.file.Path;
import java.util.List;

/**
 * One {@code ip -batch FILE} process, started inside the namespace by {@code nsenter}: iproute2's
 * fastest way, one netlink socket for every command.
 *
 * @param ip the absolute path of the {@code ip} binary
 * @param files where the batch file is written
 */
record IpBatchContender(Path ip, ThrowawayNamespaces files) implements Contender {
    @Override
    public String name() {
        return "batch";
    }

    @Override
    public String label() {
        return "ip -batch";
    }

    @Override
    public Measurement run(Workload workload, NetNs ns) {
        Path batch = files.workDirectory().resolve(ns.name() + ".batch");
        IpPerProcessContender.write(batch, String.join("\n", workload.ipCommands()) + "\n");
        List<String> command = ThrowawayNamespaces.inside(ns, List.of(ip.toString(), "-batch", batch.toString()));
        long start = System.nanoTime();
        Processes.run(command, files.workDirectory().resolve("batch.err"));
        return new Measurement(System.nanoTime() - start);
    }
}
